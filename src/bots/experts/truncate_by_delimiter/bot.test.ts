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

test('drops leading labels until the value fits', async () => {
  const { out } = await run({ max_length: 12 }, { 'source.fqdn': 'a.bb.ccc.example.com' });
  assert.equal(out[0]!['source.fqdn'], 'example.com');
});

test('stops when no delimiter is left even if still too long; short values stay', async () => {
  const long = await run({ max_length: 3, field: 'extra.x', delimiter: '/' }, { 'extra.x': 'abc/defgh' });
  assert.equal(long.out[0]!['extra.x'], 'defgh');
  const short = await run({}, { 'source.fqdn': 'example.com' });
  assert.equal(short.out[0]!['source.fqdn'], 'example.com');
});

test('an empty delimiter on a too long value fails, as in Python', async () => {
  const { out, dumps } = await run({ max_length: 2, delimiter: '', field: 'extra.x' }, { 'extra.x': 'abcd' });
  assert.equal(out.length, 0);
  assert.equal(dumps.length, 1);
});
