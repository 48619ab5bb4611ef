import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeRaw, runParser } from '../_testing/run-parser.ts';
import { bot } from './bot.ts';

const LIST = `#
# this list of ponmocup malware redirection domains and infected web-servers is maintained by
# email:   toms.security.stuff -at- gmail.com
#
# format:
# ponmocup-malware-IP ponmocup-malware-domain ponmocup-malware-URI-path ponmocup-htaccess-infected-domain
#
# last updated: Tue Mar 15 00:47:49 PDT 2016
#
/ 25308.example.com http://25308.example.com/url malicious.example.net
198.51.100.5 36015.example.com http://36015.example.com/url malicious2.example.net
`;

test('two events per line: the malware host and the compromised site', async () => {
  const { events, dumps } = await runParser(bot, LIST);
  assert.equal(dumps.length, 0);
  assert.equal(events.length, 4);
  const [malware, compromised] = events as [Record<string, unknown>, Record<string, unknown>];
  assert.equal(malware['classification.type'], 'malware');
  assert.equal(malware['source.fqdn'], '25308.example.com');
  assert.equal(malware['source.url'], 'http://25308.example.com/url');
  assert.equal(malware['destination.fqdn'], 'malicious.example.net');
  assert.equal(malware['time.source'], '2016-03-15T07:47:49+00:00');
  assert.equal(malware['event_description.text'], 'has malicious code redirecting to malicious host');
  assert.ok(!('source.ip' in malware));
  assert.equal(compromised['classification.type'], 'system-compromise');
  assert.equal(compromised['destination.fqdn'], '25308.example.com');
  assert.equal(compromised['destination.url'], 'http://25308.example.com/url');
  assert.equal(compromised['source.fqdn'], 'malicious.example.net');
  assert.equal(decodeRaw(compromised['raw']), '/ 25308.example.com http://25308.example.com/url malicious.example.net');
  assert.equal(events[2]!['source.ip'], '198.51.100.5');
  assert.equal(events[3]!['destination.ip'], '198.51.100.5');
});

test('a short or invalid line is dumped, the others go on; no header means no source time', async () => {
  const { events, dumps } = await runParser(bot, '/ only.example\n/ a.example http://a.example/x b.example\n');
  assert.equal(events.length, 2);
  assert.ok(!('time.source' in events[0]!));
  assert.deepEqual(dumps, ['/ only.example']);
});
