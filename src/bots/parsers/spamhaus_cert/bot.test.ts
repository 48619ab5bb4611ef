import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createInMemoryBot } from '../../../conformance/harness.ts';
import { packagedHarmonization, Report } from '../../../message/index.ts';
import { bot } from './bot.ts';

async function parse(raw: string, fields: Record<string, unknown> = {}, params: Record<string, unknown> = {}) {
  const r = new Report(packagedHarmonization(), fields);
  r.add('raw', raw);
  const b = await createInMemoryBot(bot, { params, paths: ['_default'], harmonization: packagedHarmonization() });
  try {
    const { output, dumps } = await b.run([r.serialize()]);
    return { events: output['_default']!.map((m) => JSON.parse(m) as Record<string, unknown>), dumps, logger: b.logger };
  } finally {
    await b.close();
  }
}

const text = (b64: unknown) => Buffer.from(String(b64), 'base64').toString();

test('maps bots and special entries; the API key leaves feed.url', async () => {
  const raw = '; ip, asn, country, lastseen, botname, domain, remote_ip, remote_port, local_port, protocol\n109.90.233.19,AS6830,AT,1441008351,patcher,dxxt.sinkhole.dk,212.227.20.19,80,1036,tcp\n198.51.100.54,AS8559,AT,1520084496,openrelay,192.168.0.6,,25,,tcp\n111.111.111.183,AS11178,LV,1471111139,iotmirai,-,?,?,?,?\n192.168.46.8,AS64496,AT,1523192708,l_spamlink,http://example.com/,http://example.com/,,192.168.46.8:1660:darkmailer2,tcp\nbroken\n; EOF\n';
  const { events, dumps } = await parse(raw, { 'feed.url': 'https://portal.spamhaus.org/cert/api.php?cert=X&key=SECRET' });
  assert.equal(events.length, 4);
  const [bot1, relay, mirai, spam] = events as [Record<string, unknown>, Record<string, unknown>, Record<string, unknown>, Record<string, unknown>];
  assert.equal(bot1['feed.url'], 'https://portal.spamhaus.org/cert/api.php?cert=X&');
  assert.equal(bot1['destination.fqdn'], 'dxxt.sinkhole.dk');
  assert.equal(bot1['extra.source.local_port'], 1036);
  assert.equal(bot1['time.source'], '2015-08-31T08:05:51+00:00');
  assert.equal(relay['classification.type'], 'vulnerable-system');
  assert.ok(!('destination.fqdn' in relay));
  assert.equal(mirai['malware.name'], 'mirai');
  assert.ok(!('protocol.transport' in mirai));
  assert.equal(spam['malware.version'], '1660');
  assert.equal(spam['source.url'], 'http://example.com/');
  assert.equal(text(bot1['raw']), '; ip, asn, country, lastseen, botname, domain, remote_ip, remote_port, local_port, protocol\n109.90.233.19,AS6830,AT,1441008351,patcher,dxxt.sinkhole.dk,212.227.20.19,80,1036,tcp');
  assert.equal(dumps.length, 1);
});
