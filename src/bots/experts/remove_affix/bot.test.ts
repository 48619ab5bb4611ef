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

test('removes a prefix by default', async () => {
  const { out } = await run({}, { 'source.fqdn': 'www.example.com' });
  assert.equal(out[0]!['source.fqdn'], 'example.com');
});

test('removes a suffix from another field; leaves values without the affix alone', async () => {
  const a = await run({ remove_prefix: false, affix: '.lt', field: 'extra.host' }, { 'extra.host': 'www.google.lt' });
  assert.equal(a.out[0]!['extra.host'], 'www.google');
  const b = await run({ remove_prefix: false, affix: '.lt' }, { 'source.fqdn': 'example.com' });
  assert.equal(b.out[0]!['source.fqdn'], 'example.com');
  const c = await run({}, { 'feed.name': 'x' });
  assert.deepEqual(c.out[0], { 'feed.name': 'x' });
});

test('removing everything deletes the field; a result the field type rejects fails the message', async () => {
  const emptied = await run({ affix: 'www.example.com' }, { 'source.fqdn': 'www.example.com', 'feed.name': 'x' });
  assert.deepEqual(emptied.out[0], { 'feed.name': 'x' });
  const { out, dumps } = await run({ affix: '192.', field: 'source.ip' }, { 'source.ip': '192.0.2.1' });
  assert.equal(out.length, 0);
  assert.equal(dumps.length, 1);
});
