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

test('host of the URL becomes fqdn, an IP literal becomes ip', async () => {
  const { out } = await run({}, { 'source.url': 'http://Example.com/x', 'destination.url': 'http://[2001:db8::1]/' });
  assert.equal(out[0]!['source.fqdn'], 'example.com');
  assert.equal(out[0]!['destination.ip'], '2001:db8::1');
  assert.equal(out[0]!['destination.fqdn'], undefined);
});

test('existing fqdn is kept unless overwrite', async () => {
  const input = { 'source.url': 'http://example.com/x', 'source.fqdn': 'example.net' };
  assert.equal((await run({}, input)).out[0]!['source.fqdn'], 'example.net');
  assert.equal((await run({ overwrite: true }, input)).out[0]!['source.fqdn'], 'example.com');
});

test('a bad port is harmless since only the host is read', async () => {
  const { out, dumps } = await run({}, { 'destination.url': 'http://example.org:99999/' });
  assert.equal(dumps.length, 0);
  assert.equal(out[0]!['destination.fqdn'], 'example.org');
});

test('check() warns about the deprecation', () => {
  assert.equal(bot.check!({ overwrite: false })[0]!.level, 'warning');
});
