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

const INPUT = {
  'source.geolocation.latitude': 48.2,
  'source.geolocation.longitude': 16.366666666666666,
  'destination.geolocation.latitude': -22.908333,
  'destination.geolocation.longitude': -43.196389,
};

test('geohash of both coordinates (upstream test values)', async () => {
  const { out } = await run({ precision: 7 }, INPUT);
  assert.equal(out[0]!['extra.source.geolocation.geohash'], 'u2edhqt');
  assert.equal(out[0]!['extra.destination.geolocation.geohash'], '75cm9j9');
});

test('precision, overwrite, and events with only one coordinate', async () => {
  const existing = { ...INPUT, 'extra.source.geolocation.geohash': 'old' };
  assert.equal((await run({}, existing)).out[0]!['extra.source.geolocation.geohash'], 'old');
  assert.equal((await run({ overwrite: true, precision: 3 }, existing)).out[0]!['extra.source.geolocation.geohash'], 'u2e');
  const half = await run({}, { 'source.geolocation.latitude': 1.5 });
  assert.deepEqual(half.out[0], { 'source.geolocation.latitude': 1.5 });
});

test('a precision below 1 is a configuration error', async () => {
  await assert.rejects(run({ precision: 0 }, INPUT), /precision/);
});
