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

test('maps entries with their first hosting detail', async () => {
  const entry = { phish_id: '1', url: 'https://example.com/', phish_detail_url: 'http://www.phishtank.com/phish_detail.php?phish_id=1', submission_time: '2022-11-16T14:08:44+00:00', verified: 'yes', verification_time: '2022-11-16T14:12:55+00:00', online: 'yes', details: [{ ip_address: '192.0.2.1', cidr_block: '192.0.2.0/24', announcing_network: '64496', country: 'US' }], target: 'Other' };
  const { events, dumps } = await parse(JSON.stringify([entry, { ...entry, url: 'no url' }]));
  assert.equal(events.length, 1);
  const e = events[0]!;
  assert.equal(e['source.ip'], '192.0.2.1');
  assert.equal(e['source.network'], '192.0.2.0/24');
  assert.equal(e['source.asn'], 64496);
  assert.equal(e['status'], 'online');
  assert.equal(e['extra.phishtank.phish_id'], '1');
  assert.equal(dumps.length, 1);
});
