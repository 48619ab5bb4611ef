import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { createInMemoryBot } from '../../../conformance/harness.ts';
import { packagedHarmonization } from '../../../message/index.ts';
import { bot } from './bot.ts';
import { AsnDatabase } from './database.ts';
import { isBogusAsn, readRibPrefixes } from './mrt.ts';
import { sampleDump } from './mrt-fixture.ts';
import { convertRib, latestRibUrl, updateAsnDatabase } from './update.ts';

// sampleDump() compressed with bzip2 -9.
const SAMPLE_BZ2 = Buffer.from(
  'QlpoOTFBWSZTWRsdTGEAAAL/Xf9XEGtCAAiBQABAAAQAQAAAAQBCQQAAIAROMACqBIpqmTTCaNDQB6h6mgxJTTAAAAADGExNBgjEMjCZvzz5fqXTtt51yIauRJok0DZIeGMQI9MCqDBwZEx0PN3Xxw/egYWPLkgWQcGYMUAkDCihMUmmxmUCmKlQTaraafwTO5gTcGxouaXFiix3sh5DZJcGr2qMme1qgX2ksL8dtNNNFYH8XckU4UJAbHUxhA==',
  'base64',
);
const SAMPLE_PREFIXES = [
  { prefix: '192.0.2.0/24', asn: 3320 },
  { prefix: '198.51.100.128/25', asn: 174 },
  { prefix: '2001:db8::/32', asn: 3333 },
];

const TABLE = `; IP-ASN32-DAT file
; Prefixes-v4   :\t3
192.0.0.0/16\t64496
192.0.2.0/24\t64497
192.0.2.128/25\t64498
2001:db8::/32\t64499
`;

const dir = mkdtempSync(join(tmpdir(), 'asn-lookup-'));
const file = join(dir, 'ipasn.dat');
writeFileSync(file, TABLE);

/** An output message as a dict, without the wire-only `__type`. */
function withoutType(wire: string): Record<string, unknown> {
  const { __type: _type, ...fields } = JSON.parse(wire) as Record<string, unknown>;
  return fields;
}

async function run(params: Record<string, unknown>, input: Record<string, unknown>) {
  const b = await createInMemoryBot(bot, { params: { database: file, ...params }, paths: ['_default'], harmonization: packagedHarmonization() });
  try {
    const { output } = await b.run([JSON.stringify({ ...input, __type: 'Event' })]);
    return output['_default']!.map(withoutType);
  } finally {
    await b.close();
  }
}

test('longest prefix match over IPv4 and IPv6; gzip files load too', () => {
  const db = AsnDatabase.fromText(TABLE);
  assert.deepEqual(db.lookup('192.0.2.200'), { asn: 64498, network: '192.0.2.128/25' });
  assert.deepEqual(db.lookup('192.0.2.1'), { asn: 64497, network: '192.0.2.0/24' });
  assert.deepEqual(db.lookup('192.0.9.9'), { asn: 64496, network: '192.0.0.0/16' });
  assert.deepEqual(db.lookup('2001:db8:1::5'), { asn: 64499, network: '2001:db8::/32' });
  assert.equal(db.lookup('198.51.100.1'), null);
  assert.equal(db.lookup('not an ip'), null);
  const gz = join(dir, 'ipasn.dat.gz');
  writeFileSync(gz, gzipSync(TABLE));
  assert.equal(AsnDatabase.fromFile(gz).size, 4);
  assert.throws(() => AsnDatabase.fromText('192.0.2.0/24\t1\n192.0.2.0\tx\n'), /line 2/);
});

test('sets asn and network for both sides, overwriting, and leaves unknown addresses alone', async () => {
  const out = await run({}, { 'source.ip': '192.0.2.130', 'source.asn': 1, 'destination.ip': '2001:db8::1', 'source.network': '10.0.0.0/8' });
  assert.equal(out[0]!['source.asn'], 64498);
  assert.equal(out[0]!['source.network'], '192.0.2.128/25');
  assert.equal(out[0]!['destination.asn'], 64499);
  assert.equal(out[0]!['destination.network'], '2001:db8::/32');
  const none = await run({}, { 'source.ip': '203.0.113.1' });
  assert.deepEqual(none[0], { 'source.ip': '203.0.113.1' });
});

test('a missing or broken database fails at start and in check()', async () => {
  await assert.rejects(run({ database: join(dir, 'missing.dat') }, {}), /pyasn data file/);
  assert.equal(bot.check!({ database: join(dir, 'missing.dat'), autoupdate_cached_database: true })[0]!.level, 'warning');
  const broken = join(dir, 'broken.dat');
  writeFileSync(broken, 'garbage\n');
  assert.equal(bot.check!({ database: broken, autoupdate_cached_database: true })[0]!.level, 'error');
  assert.deepEqual(bot.check!({ database: file, autoupdate_cached_database: true }), []);
});

test('MRT reader: origin from the first entry, sets and bogus ASNs handled, records split across chunks', async () => {
  assert.ok(isBogusAsn(0) && isBogusAsn(23456) && isBogusAsn(64512) && isBogusAsn(4200000001) && !isBogusAsn(3320));
  const dump = sampleDump();
  const chunks = (async function* () {
    for (let i = 0; i < dump.length; i += 7) yield dump.subarray(i, i + 7);
  })();
  const got = [];
  for await (const p of readRibPrefixes(chunks)) got.push(p);
  assert.deepEqual(got, SAMPLE_PREFIXES);
  await assert.rejects(async () => {
    for await (const _ of readRibPrefixes([dump.subarray(0, dump.length - 3)])) void _;
  }, /ends inside a record/);
});

test('update: finds the newest RIB (falling back a month), converts it and writes IPASN text atomically', async () => {
  const base = 'http://rib.test/bgpdata/';
  const pages: Record<string, () => Response> = {
    [base]: () => new Response('<a href="2024.05/">x</a> <a href="2024.06/">y</a>'),
    [`${base}2024.06/RIBS/`]: () => new Response('empty'),
    [`${base}2024.05/RIBS/`]: () => new Response('<a href="rib.20240530.2200.bz2">a</a><a href="rib.20240531.2200.bz2">b</a>'),
    [`${base}2024.05/RIBS/rib.20240531.2200.bz2`]: () => new Response(SAMPLE_BZ2),
  };
  const fakeFetch = async (url: string) => pages[url]?.() ?? new Response('missing', { status: 404 });
  assert.equal(await latestRibUrl(fakeFetch, base), `${base}2024.05/RIBS/rib.20240531.2200.bz2`);
  const target = join(dir, 'updated', 'ipasn.dat');
  await updateAsnDatabase([target], { fetch: fakeFetch, baseUrl: base });
  const db = AsnDatabase.fromFile(target);
  assert.equal(db.size, 3);
  assert.deepEqual(db.lookup('198.51.100.200'), { asn: 174, network: '198.51.100.128/25' });
  assert.match(readFileSync(target, 'utf8'), /^; IP-ASN32-DAT file\n/);
  const text = await convertRib(Readable.from([SAMPLE_BZ2]), 'x');
  assert.match(text, /; Prefixes-v4   :\t2\n; Prefixes-v6   :\t1\n/);
  await assert.rejects(latestRibUrl(async () => new Response('no links'), base), /Couldn't find/);
  await assert.rejects(convertRib(Readable.from([Buffer.from('this is not bzip2 data')]), 'x'));
});
