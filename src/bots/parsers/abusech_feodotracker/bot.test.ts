import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createInMemoryBot } from '../../../conformance/harness.ts';
import { packagedHarmonization, Report } from '../../../message/index.ts';
import { bot } from './bot.ts';

async function parse(raw: string) {
  const r = new Report(packagedHarmonization(), { 'feed.name': 'Feodo' });
  r.add('raw', raw);
  const b = await createInMemoryBot(bot, { params: {}, paths: ['_default'], harmonization: packagedHarmonization() });
  try {
    const { output, dumps } = await b.run([r.serialize()]);
    return { events: output['_default']!.map((m) => JSON.parse(m) as Record<string, unknown>), dumps, logger: b.logger };
  } finally {
    await b.close();
  }
}

test('maps C2 entries; time from first_seen, else midnight of last_online', async () => {
  const { events, dumps } = await parse(JSON.stringify([
    { ip_address: '192.0.2.1', port: 443, status: 'online', hostname: 'c2.example.com', as_number: 64496, as_name: 'AS', country: 'DE', first_seen: '2021-01-17 07:44:46', last_online: '2022-11-15', malware: 'Dridex' },
    { ip_address: '192.0.2.2', port: 8080, status: 'offline', hostname: null, as_number: 64497, as_name: 'AS2', country: 'FR', last_online: '2022-11-14', malware: 'Emotet' },
  ]));
  assert.equal(dumps.length, 0);
  assert.equal(events[0]!['time.source'], '2021-01-17T07:44:46+00:00');
  assert.equal(events[0]!['malware.name'], 'dridex');
  assert.equal(events[0]!['source.reverse_dns'], 'c2.example.com');
  assert.equal(events[0]!['classification.type'], 'c2-server');
  assert.equal(events[1]!['time.source'], '2022-11-14T00:00:00+00:00');
  assert.equal(events[1]!['extra.last_online'], '2022-11-14');
  assert.ok(!('source.reverse_dns' in events[1]!));
  assert.match(Buffer.from(String(events[1]!['raw']), 'base64').toString(), /^\[\{"ip_address": "192\.0\.2\.2"/);
});

test('a bad date only warns, an entry without address is dumped', async () => {
  const { events, dumps, logger } = await parse(JSON.stringify([
    { ip_address: '192.0.2.1', port: 443, first_seen: 'yesterday' },
    { ip_address: 'not an address', port: 443 },
  ]));
  assert.equal(events.length, 1);
  assert.ok(!('time.source' in events[0]!));
  assert.equal(logger.count('WARNING'), 1);
  assert.equal(dumps.length, 1);
});
