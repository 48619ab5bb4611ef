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

test('one phishing URL per line', async () => {
  const { events, dumps } = await parse('http://example.com/phish\n\nnot a url\n');
  assert.equal(events.length, 1);
  assert.equal(events[0]!['source.url'], 'http://example.com/phish');
  assert.equal(events[0]!['classification.type'], 'phishing');
  assert.equal(dumps.length, 1);
});
