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

test('networks with the list update time', async () => {
  const raw = '#    updated: Tue Dec 15 15:33:38 2015 UTC\nStart\tEnd\tNetblock\tAttacks\tName\tCountry\temail\n43.229.53.0\t43.229.53.255\t24\t788\tJapan Inet\tJP\tadmin@example.net\n194.63.140.0\t194.63.140.255\t24\t585\t\t\t\n1.2.3.4\n';
  const { events, dumps } = await parse(raw);
  assert.equal(events.length, 2);
  assert.equal(events[0]!['source.network'], '43.229.53.0/24');
  assert.equal(events[0]!['extra.attacks'], 788);
  assert.equal(events[0]!['source.abuse_contact'], 'admin@example.net');
  assert.equal(events[0]!['time.source'], '2015-12-15T15:33:38+00:00');
  assert.ok(!('extra.network_name' in events[1]!));
  assert.equal(dumps.length, 1);
});
