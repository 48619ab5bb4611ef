import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeRaw, runParser } from '../_testing/run-parser.ts';
import { bot } from './bot.ts';

const HEADER = 'add_date,accept_date,attacker,domain,ip_address,country_code,web_server,system,hackmode,type,redefacement,state,def_grade,defacement_id';
const ROW = '2018-02-13 09:19:08,2018-02-13 09:30:00,GeNErAL,http://www.example.com/x.html,192.0.2.1,AT,Apache,Linux,SQL Injection,1,0,0,0,31234567';

test('maps defacements', async () => {
  const { events, dumps } = await runParser(bot, `${HEADER}\r\n${ROW}\r\n`);
  assert.equal(dumps.length, 0);
  assert.deepEqual(events[0], {
    'feed.name': 'Test feed',
    'time.observation': '2018-01-22T14:38:24+00:00',
    'classification.identifier': 'compromised-website',
    'classification.type': 'system-compromise',
    'event_description.text': 'defacement',
    'time.source': '2018-02-13T09:19:08+00:00',
    raw: Buffer.from(ROW).toString('base64'),
    'source.ip': '192.0.2.1',
    'source.fqdn': 'www.example.com',
    'source.geolocation.cc': 'AT',
    'protocol.application': 'http',
    'source.url': 'http://www.example.com/x.html',
    'extra.accepted_date': '2018-02-13 09:30:00',
    'extra.actor': 'GeNErAL',
    'extra.http_target': 'Apache',
    'extra.os.name': 'Linux',
    'extra.compromise_method': 'SQL Injection',
    'extra.zoneh_report_id': '31234567',
    __type: 'Event',
  });
});

test('empty columns are left out; invalid addresses too; a row without a valid date is dumped', async () => {
  const sparse = '2018-02-13 10:00:00,,hacker,http://b.example/,not-an-ip,AT,,,,1,0,0,0,5';
  const bad = 'yesterday,,hacker,http://c.example/,192.0.2.3,AT,,,,1,0,0,0,6';
  const { events, dumps } = await runParser(bot, [HEADER, sparse, bad, ''].join('\n'));
  assert.equal(events.length, 1);
  const e = events[0]!;
  assert.ok(!('source.ip' in e) && !('extra.accepted_date' in e) && !('extra.http_target' in e) && !('extra.os.name' in e));
  assert.equal(e['extra.actor'], 'hacker');
  assert.deepEqual(dumps, [bad]);
  assert.equal(decodeRaw(e['raw']), sparse);
});
