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

const FIELDS = { fields: 'destination.ip,source.ip,source.fqdn,destination.fqdn,source.url,source.asn', policy: 'del,drop,drop,del,drop,drop' };

test('del removes the first matching field only', async () => {
  const { out } = await run(FIELDS, { 'destination.ip': '192.0.2.9', 'destination.fqdn': 'x.example', 'source.ip': '93.184.216.34' });
  assert.equal(out[0]!['destination.ip'], undefined);
  assert.equal(out[0]!['destination.fqdn'], 'x.example');
});

test('drop for private IPs (v4 and v6), reserved domains, URL hosts and documentation ASNs', async () => {
  for (const input of [
    { 'source.ip': '10.1.2.3' },
    { 'source.ip': 'fe80::1' },
    { 'source.fqdn': 'example.com' },
    { 'source.fqdn': 'foo.invalid' },
    { 'source.url': 'http://192.168.0.1/x' },
    { 'source.url': 'http://www.example.org/x' },
    { 'source.asn': 65540 },
  ]) {
    assert.equal((await run(FIELDS, input)).out.length, 0, JSON.stringify(input));
  }
});

test('public values pass untouched', async () => {
  for (const input of [{ 'source.ip': '93.184.216.34' }, { 'source.fqdn': 'fooexample.com' }, { 'source.url': 'http://192.168.0.1:80/' }, { 'source.asn': 3320 }]) {
    assert.equal((await run(FIELDS, input)).out.length, 1, JSON.stringify(input));
  }
});

test('unequal fields and policy fail at start and in check()', async () => {
  await assert.rejects(run({ fields: 'source.ip,destination.ip', policy: 'drop' }, {}), /unequal/);
  assert.equal(bot.check!({ fields: 'a,b', policy: 'del' })[0]!.level, 'error');
});
