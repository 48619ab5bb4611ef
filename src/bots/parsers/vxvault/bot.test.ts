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

test('URLs with host and list time', async () => {
  const { events, dumps } = await parse('<pre>\nVX Vault last 100 Links\nMon, 17 Aug 2015 14:36:19 +0000\n\nhttp://example.com/bad/program.exe\nhttp://192.0.2.1:8080/x.exe\nhttp://\n');
  assert.equal(events.length, 2);
  assert.equal(events[0]!['source.fqdn'], 'example.com');
  assert.equal(events[0]!['time.source'], '2015-08-17T14:36:19+00:00');
  assert.equal(events[1]!['source.ip'], '192.0.2.1');
  assert.equal(events[1]!['classification.type'], 'malware-distribution');
  assert.equal(dumps.length, 1);
});
