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


test('one event per certificate domain', async () => {
  const raw = JSON.stringify({ message_type: 'certificate_update', data: { seen: 1543218339.432651, leaf_cert: { all_domains: ['example.com', '192.0.2.1', 'http://x/'] } } });
  const { events, dumps } = await parse(raw);
  assert.equal(events.length, 2);
  assert.equal(events[0]!['source.fqdn'], 'example.com');
  assert.equal(events[0]!['time.source'], '2018-11-26T07:45:39+00:00');
  assert.equal(events[0]!['classification.type'], 'other');
  assert.equal(events[1]!['source.ip'], '192.0.2.1');
  assert.equal(text(events[1]!['raw']), raw);
  assert.equal(dumps.length, 1);
});
