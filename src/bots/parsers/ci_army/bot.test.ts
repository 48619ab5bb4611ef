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

test('addresses and networks, comments kept for dumps', async () => {
  const { events, dumps } = await parse('# CINS\n192.0.2.1\n198.51.100.0/24\nbogus\n');
  assert.equal(events.length, 2);
  assert.equal(events[0]!['source.ip'], '192.0.2.1');
  assert.equal(events[1]!['source.network'], '198.51.100.0/24');
  assert.equal(events[0]!['classification.type'], 'blacklist');
  assert.equal(dumps.length, 1);
  assert.equal(text((JSON.parse(dumps[0]!.message) as Record<string, unknown>)['raw']), '# CINS\nbogus');
});
