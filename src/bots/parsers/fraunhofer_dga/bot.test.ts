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


test('domains and addresses per DGA, malware from the identifier', async () => {
  const { events, dumps } = await parse(JSON.stringify({ banjori_dga_x_0x3c03: ['andersensinaix.com', '192.0.2.33', 'not a domain!'] }));
  assert.equal(events.length >= 2, true);
  assert.equal(events[0]!['source.fqdn'], 'andersensinaix.com');
  assert.equal(events[0]!['malware.name'], 'banjori');
  assert.equal(events[0]!['classification.type'], 'c2-server');
  assert.equal(events[1]!['source.ip'], '192.0.2.33');
  assert.equal(text(events[1]!['raw']), '192.0.2.33');
  assert.equal(events.length + dumps.length, 3);
});
