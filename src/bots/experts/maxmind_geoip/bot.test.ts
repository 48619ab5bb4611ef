import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInMemoryBot } from '../../../conformance/harness.ts';
import { packagedHarmonization } from '../../../message/index.ts';
import { bot } from './bot.ts';
import { buildMmdb } from './mmdb-fixture.ts';

const dir = mkdtempSync(join(tmpdir(), 'maxmind-'));
const file = join(dir, 'City.mmdb');
writeFileSync(
  file,
  buildMmdb([
    ['192.0.2.0/24', { country: { iso_code: 'AT' }, registered_country: { iso_code: 'DE' }, location: { latitude: 48.2, longitude: 16.37 }, city: { names: { en: 'Vienna', de: 'Wien' } } }],
    ['2001:db8::/32', { country: { iso_code: 'NL' } }],
    ['198.51.100.0/24', { location: { latitude: 0, longitude: -1.5 } }],
  ]),
);

/** An output message as a dict, without the wire-only `__type`. */
function withoutType(wire: string): Record<string, unknown> {
  const { __type: _type, ...fields } = JSON.parse(wire) as Record<string, unknown>;
  return fields;
}

async function run(params: Record<string, unknown>, input: Record<string, unknown>) {
  const b = await createInMemoryBot(bot, { params: { database: file, ...params }, paths: ['_default'], harmonization: packagedHarmonization() });
  try {
    const { output, dumps } = await b.run([JSON.stringify({ ...input, __type: 'Event' })]);
    return { out: output['_default']!.map(withoutType), dumps };
  } finally {
    await b.close();
  }
}

test('country, coordinates and English city name for source and destination', async () => {
  const { out } = await run({}, { 'source.ip': '192.0.2.10', 'destination.ip': '2001:db8::7' });
  assert.equal(out[0]!['source.geolocation.cc'], 'AT');
  assert.equal(out[0]!['source.geolocation.latitude'], 48.2);
  assert.equal(out[0]!['source.geolocation.longitude'], 16.37);
  assert.equal(out[0]!['source.geolocation.city'], 'Vienna');
  assert.equal(out[0]!['destination.geolocation.cc'], 'NL');
});

test('use_registered takes the registered country; zero coordinates are skipped as upstream', async () => {
  const reg = await run({ use_registered: true }, { 'source.ip': '192.0.2.10' });
  assert.equal(reg.out[0]!['source.geolocation.cc'], 'DE');
  const zero = await run({}, { 'source.ip': '198.51.100.1' });
  assert.equal(zero.out[0]!['source.geolocation.latitude'], undefined);
  assert.equal(zero.out[0]!['source.geolocation.longitude'], -1.5);
});

test('existing values stay unless overwrite; unknown addresses pass unchanged', async () => {
  const kept = await run({}, { 'source.ip': '192.0.2.10', 'source.geolocation.cc': 'US' });
  assert.equal(kept.out[0]!['source.geolocation.cc'], 'US');
  const replaced = await run({ overwrite: true }, { 'source.ip': '192.0.2.10', 'source.geolocation.cc': 'US' });
  assert.equal(replaced.out[0]!['source.geolocation.cc'], 'AT');
  const unknown = await run({}, { 'source.ip': '203.0.113.9' });
  assert.deepEqual(unknown.out[0], { 'source.ip': '203.0.113.9' });
});

test('a missing or invalid database fails at start', async () => {
  await assert.rejects(run({ database: join(dir, 'missing.mmdb') }, {}), /could not be accessed/);
  const bad = join(dir, 'bad.mmdb');
  writeFileSync(bad, 'not a database');
  await assert.rejects(run({ database: bad }, {}), /could not be accessed/);
});
