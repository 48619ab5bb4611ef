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


test('fields map one to one, feed fields are kept in extra', async () => {
  const entries = [{ 'source.ip': '192.0.2.1', 'classification.type': 'scanner', 'feed.name': 'orig', 'time.observation': '2020-01-01T00:00:00+00:00' }, { 'source.ip': 'x' }];
  const { events, dumps } = await parse(JSON.stringify({ data: entries }), { 'feed.name': 'PROKI' });
  assert.equal(events.length, 1);
  assert.equal(events[0]!['feed.name'], 'PROKI');
  assert.equal(events[0]!['extra.original_feed_name'], 'orig');
  assert.equal(events[0]!['classification.type'], 'scanner');
  assert.equal(dumps.length, 1);
});
