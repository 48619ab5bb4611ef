import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInMemoryBot } from '../../../conformance/harness.ts';
import { packagedHarmonization } from '../../../message/index.ts';
import { bot, updateSuffixList } from './bot.ts';
import { PublicSuffixList } from './psl.ts';

const LIST = `// header
// ===BEGIN ICANN DOMAINS===
net
com
org
example.com
*.example.net
!www.example.net
*.mm
com.cn
中国
// ===END ICANN DOMAINS===
// ===BEGIN PRIVATE DOMAINS===
private.example.org
// ===END PRIVATE DOMAINS===
`;

const dir = mkdtempSync(join(tmpdir(), 'domain-suffix-'));
const file = join(dir, 'psl.dat');
writeFileSync(file, LIST);

/** An output message as a dict, without the wire-only `__type`. */
function withoutType(wire: string): Record<string, unknown> {
  const { __type: _type, ...fields } = JSON.parse(wire) as Record<string, unknown>;
  return fields;
}

async function run(params: Record<string, unknown>, input: Record<string, unknown>) {
  const b = await createInMemoryBot(bot, { params: { suffix_file: file, ...params }, paths: ['_default'], harmonization: packagedHarmonization() });
  try {
    const { output, dumps } = await b.run([JSON.stringify({ ...input, __type: 'Event' })]);
    return { out: output['_default']!.map(withoutType), dumps };
  } finally {
    await b.close();
  }
}

test('matching rules: exact, wildcard with implicit parent, exception, unknown TLD, IDN, private section ignored', () => {
  const psl = new PublicSuffixList(LIST);
  assert.equal(psl.publicSuffix('sub.example.com'), 'example.com');
  assert.equal(psl.publicSuffix('a.sub.example.net'), 'sub.example.net');
  assert.equal(psl.publicSuffix('www.example.net'), 'example.net');
  assert.equal(psl.publicSuffix('example.mm'), 'example.mm');
  assert.equal(psl.publicSuffix('mm'), 'mm');
  assert.equal(psl.publicSuffix('a.b.unknowntld'), 'unknowntld');
  assert.equal(psl.publicSuffix('xn--85x722f.xn--fiqs8s'), 'xn--fiqs8s');
  assert.equal(psl.publicSuffix('例子.中国'), '中国');
  assert.equal(psl.publicSuffix('a.private.example.org'), 'org');
  assert.equal(psl.publicSuffix('WWW.Example.ORG.'), 'org');
  assert.equal(psl.publicSuffix('a..org'), null);
  assert.throws(() => new PublicSuffixList('com\nnet\n'), /not a public suffix list/);
});

test('fills source and destination domain_suffix from fqdn', async () => {
  const { out } = await run({ field: 'fqdn' }, { 'source.fqdn': 'sub.example.com', 'destination.fqdn': 'example.example.mm' });
  assert.equal(out[0]!['source.domain_suffix'], 'example.com');
  assert.equal(out[0]!['destination.domain_suffix'], 'example.mm');
});

test('reverse_dns field; an existing domain_suffix is an error, as upstream', async () => {
  const ok = await run({ field: 'reverse_dns' }, { 'source.reverse_dns': 'host.example.org' });
  assert.equal(ok.out[0]!['source.domain_suffix'], 'org');
  const clash = await run({}, { 'source.fqdn': 'www.example.org', 'source.domain_suffix': 'example.org' });
  assert.equal(clash.out.length, 0);
  assert.equal(clash.dumps.length, 1);
});

test('bad configuration fails at start and in check()', async () => {
  await assert.rejects(run({ field: 'ip' }, {}), /field/);
  await assert.rejects(run({ suffix_file: join(dir, 'missing.dat') }, {}), /ENOENT/);
  assert.equal(bot.check!({ field: 'fqdn', suffix_file: join(dir, 'missing.dat'), autoupdate_cached_database: true })[0]!.level, 'error');
  assert.deepEqual(bot.check!({ field: 'fqdn', suffix_file: file, autoupdate_cached_database: true }), []);
});

test('update downloads, validates and replaces the files atomically', async () => {
  const target = join(dir, 'updated', 'psl.dat');
  const fake = async () => new Response(LIST);
  await updateSuffixList([target, target], { fetch: fake });
  assert.equal(readFileSync(target, 'utf8'), LIST);
  assert.deepEqual(readdirSync(join(dir, 'updated')), ['psl.dat']);
  await assert.rejects(updateSuffixList([target], { fetch: async () => new Response('<html>oops</html>') }), /not a public suffix list/);
  await assert.rejects(updateSuffixList([target], { fetch: async () => new Response('', { status: 503 }) }), /503/);
  assert.equal(readFileSync(target, 'utf8'), LIST);
});
