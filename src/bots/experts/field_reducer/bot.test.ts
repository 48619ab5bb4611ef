import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createInMemoryBot } from '../../../conformance/harness.ts';
import { packagedHarmonization } from '../../../message/index.ts';
import { bot } from './bot.ts';

/** An output message as a dict, without the wire-only `__type`. */
function withoutType(wire: string): Record<string, unknown> {
  const { __type: _type, ...fields } = JSON.parse(wire) as Record<string, unknown>;
  return fields;
}

async function run(params: Record<string, unknown>, input: Record<string, unknown>) {
  const b = await createInMemoryBot(bot, { params, paths: ['_default'], harmonization: packagedHarmonization() });
  try {
    const { output, dumps } = await b.run([JSON.stringify({ ...input, __type: 'Event' })]);
    return { out: output['_default']!.map(withoutType), dumps };
  } finally {
    await b.close();
  }
}

const EVENT = { 'feed.name': 'f', 'classification.type': 'scanner', 'extra.a': 1, 'extra.b': 2, 'time.observation': '2015-09-12T00:00:00+00:00' };

test('whitelist keeps only the listed keys (a JSONDict name keeps all its sub-keys)', async () => {
  const { out } = await run({ type: 'whitelist', keys: ['time.observation', 'extra', 'missing.key'] }, EVENT);
  assert.deepEqual(out[0], { 'time.observation': '2015-09-12T00:00:00+00:00', 'extra.a': 1, 'extra.b': 2 });
});

test('blacklist removes the listed keys given as a comma string with spaces', async () => {
  const { out } = await run({ type: 'blacklist', keys: 'time.source, time.observation, extra.a' }, EVENT);
  assert.deepEqual(out[0], { 'feed.name': 'f', 'classification.type': 'scanner', 'extra.b': 2 });
});

test('an unknown type is a configuration error', async () => {
  await assert.rejects(run({ type: 'greylist', keys: [] }, EVENT), /type/);
});
