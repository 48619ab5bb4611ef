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

test('addresses with their last report time', async () => {
  const { events, dumps } = await parse('# IP\t\t\t# Last Reported\t\t\tCount\tID\n203.0.113.48\t\t# 2016-11-10 09:11:03\t\t56\t1101973\ngarbage line\n');
  assert.equal(events.length, 1);
  assert.equal(events[0]!['source.ip'], '203.0.113.48');
  assert.equal(events[0]!['time.source'], '2016-11-10T09:11:03+00:00');
  assert.equal(events[0]!['classification.type'], 'brute-force');
  assert.equal(dumps.length, 1);
});
