import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInMemoryBot } from '../../../conformance/harness.ts';
import { packagedHarmonization } from '../../../message/index.ts';
import { bot, isSyntacticallyValidDomain, updateTldList } from './bot.ts';

const dir = mkdtempSync(join(tmpdir(), 'domain-valid-'));
const file = join(dir, 'tlds.txt');
writeFileSync(file, '# Version 2024010100, Last Updated Mon Jan  1 07:07:01 2024 UTC\nDIGITAL\nINFO\nCOM\n');

/** An output message as a dict, without the wire-only `__type`. */
function withoutType(wire: string): Record<string, unknown> {
  const { __type: _type, ...fields } = JSON.parse(wire) as Record<string, unknown>;
  return fields;
}

async function run(params: Record<string, unknown>, input: Record<string, unknown>) {
  const b = await createInMemoryBot(bot, { params: { tlds_domains_list: file, ...params }, paths: ['_default'], harmonization: packagedHarmonization() });
  try {
    const { output, dumps } = await b.run([JSON.stringify({ ...input, __type: 'Event' })]);
    return { out: output['_default']!.map(withoutType), dumps };
  } finally {
    await b.close();
  }
}

test('syntax check as validators.domain', () => {
  assert.ok(isSyntacticallyValidDomain('soltane-tel-injas-heh.digital'));
  assert.ok(isSyntacticallyValidDomain('xn--mnchen-3ya.de'));
  assert.ok(isSyntacticallyValidDomain('münchen.de'));
  assert.ok(!isSyntacticallyValidDomain('-apk.info'));
  assert.ok(!isSyntacticallyValidDomain('localhost'));
  assert.ok(!isSyntacticallyValidDomain('a b.com'));
  assert.ok(!isSyntacticallyValidDomain('example.c0m1'));
});

test('forwards valid domains under a listed TLD, drops the rest', async () => {
  assert.equal((await run({}, { 'source.fqdn': 'apk.info' })).out.length, 1);
  assert.equal((await run({}, { 'source.fqdn': '-soltane-tel-injas-heh.digital' })).out.length, 0);
  assert.equal((await run({}, { 'source.fqdn': 'so6_ltane-tel-injas-heh.digital' })).out.length, 0);
  assert.equal((await run({}, { 'source.fqdn': 'example.org' })).out.length, 0);
  assert.equal((await run({ domain_field: 'destination.fqdn' }, { 'destination.fqdn': 'example.com' })).out.length, 1);
});

test('events without the field and a missing TLD list drop everything', async () => {
  assert.equal((await run({}, { 'feed.name': 'x' })).out.length, 0);
  assert.equal((await run({ tlds_domains_list: join(dir, 'missing.txt') }, { 'source.fqdn': 'apk.info' })).out.length, 0);
});

test('a changed list applies without restart; the update refuses an empty list', async () => {
  const live = join(dir, 'live.txt');
  writeFileSync(live, '# v1\nCOM\n');
  const b = await createInMemoryBot(bot, { params: { tlds_domains_list: live }, paths: ['_default'], harmonization: packagedHarmonization() });
  try {
    const input = JSON.stringify({ 'source.fqdn': 'apk.info', __type: 'Event' });
    assert.equal((await b.run([input])).output['_default']!.length, 0);
    writeFileSync(live, '# v2\nCOM\nINFO\n');
    assert.equal((await b.run([input])).output['_default']!.length, 1);
  } finally {
    await b.close();
  }
  await assert.rejects(updateTldList([join(dir, 'x.txt')], { fetch: async () => new Response('') }), /empty/);
});
