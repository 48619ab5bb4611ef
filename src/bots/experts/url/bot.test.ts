import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createInMemoryBot } from '../../../conformance/harness.ts';
import { packagedHarmonization } from '../../../message/index.ts';
import { bot } from './bot.ts';
import { urlparse } from './urlparse.ts';

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

test('urlparse follows Python: params, brackets, ports, user info', () => {
  const u = urlparse('HTTP://User:pw@[2001:DB8::1]:8080/a/b;x?q=1#frag');
  assert.equal(u.scheme, 'http');
  assert.equal(u.hostname, '2001:db8::1');
  assert.equal(u.port, 8080);
  assert.equal(u.username, 'User');
  assert.equal(u.password, 'pw');
  assert.equal(u.path, '/a/b');
  assert.equal(u.params, 'x');
  assert.equal(u.query, 'q=1');
  assert.equal(u.fragment, 'frag');
  assert.equal(urlparse('example.com/x').hostname, null);
  assert.equal(urlparse('http://a.example:/x').port, null);
  assert.throws(() => urlparse('http://a.example:99999/').port, /out of range/);
  assert.throws(() => urlparse('http://a.example:8o/').port, /could not be cast/);
  assert.throws(() => urlparse('http://[::1/'), /Invalid IPv6 URL/);
});

test('fqdn, explicit port, path and account; https names no transport', async () => {
  const { out } = await run({}, { 'source.url': 'https://admin@www.example.com:8443/index.html' });
  assert.equal(out[0]!['source.fqdn'], 'www.example.com');
  assert.equal(out[0]!['source.port'], 8443);
  assert.equal(out[0]!['source.urlpath'], '/index.html');
  assert.equal(out[0]!['source.account'], 'admin');
  assert.equal(out[0]!['protocol.application'], 'http');
  assert.equal(out[0]!['protocol.transport'], undefined);
});

test('IP host, default port from the scheme, protocols only from the first URL', async () => {
  const { out } = await run({}, { 'source.url': 'ftp://192.0.2.7/f', 'destination.url': 'tftp://example.org/x' });
  const e = out[0]!;
  assert.equal(e['source.ip'], '192.0.2.7');
  assert.equal(e['source.port'], 21);
  assert.equal(e['destination.port'], 69);
  assert.equal(e['protocol.application'], 'ftp');
  assert.equal(e['protocol.transport'], 'tcp');
});

test('existing values are kept unless overwrite, skip_fields are never filled', async () => {
  const kept = await run({}, { 'source.url': 'http://example.com:81/', 'source.port': 1 });
  assert.equal(kept.out[0]!['source.port'], 1);
  const replaced = await run({ overwrite: true }, { 'source.url': 'http://example.com:81/', 'source.port': 1 });
  assert.equal(replaced.out[0]!['source.port'], 81);
  const skipped = await run({ skip_fields: ['source.fqdn', 'protocol.application'] }, { 'source.url': 'http://example.com/' });
  assert.equal(skipped.out[0]!['source.fqdn'], undefined);
  assert.equal(skipped.out[0]!['protocol.application'], undefined);
  assert.equal(skipped.out[0]!['protocol.transport'], 'tcp');
});

test('a URL with an invalid port fails the message, as in Python', async () => {
  const { out, dumps } = await run({}, { 'source.url': 'http://example.com:70000/' });
  assert.equal(out.length, 0);
  assert.equal(dumps.length, 1);
});
