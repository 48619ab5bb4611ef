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

test('networks with the update time of the header', async () => {
  const { events, dumps } = await parse('# last updated 1450193702 (Tue Dec 15 15:35:02 2015 GMT)\n0.0.0.0/8\n2001:db8::/32\nnot-a-network\n');
  assert.equal(events.length, 2);
  assert.equal(events[0]!['source.network'], '0.0.0.0/8');
  assert.equal(events[1]!['source.network'], '2001:db8::/32');
  assert.equal(events[0]!['time.source'], '2015-12-15T15:35:02+00:00');
  assert.equal(events[0]!['classification.type'], 'blacklist');
  assert.equal(text(events[0]!['raw']), '# last updated 1450193702 (Tue Dec 15 15:35:02 2015 GMT)\n0.0.0.0/8');
  assert.equal(dumps.length, 1);
});
