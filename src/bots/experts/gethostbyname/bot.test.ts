import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createInMemoryBot } from '../../../conformance/harness.ts';
import { packagedHarmonization } from '../../../message/index.ts';
import { requireService } from '../../../../test/helpers/services.ts';
import { bot, domainOfUrl } from './bot.ts';
import { parseIgnoredGaiErrors } from './gai.ts';
import { DNSMASQ_SERVICE, dnsmasqProbe, startStubDnsServer, startDnsmasq, type DnsTestServer } from './dns-test-server.ts';

const harmonization = packagedHarmonization();
let dnsmasq: DnsTestServer | undefined;

before(async () => {
  try {
    dnsmasq = await startDnsmasq({ a: { 'host.test': '192.0.2.10', 'other.test': '198.51.100.7' }, txt: { 'txtonly.test': ['x'] } });
  } catch {
    // requireService reports why in each test.
  }
});
after(() => dnsmasq?.close());

async function withDnsmasq(t: import('node:test').TestContext): Promise<string | null> {
  if (!(await requireService(t, DNSMASQ_SERVICE, dnsmasqProbe))) return null;
  assert.ok(dnsmasq, 'dnsmasq is installed but the test server did not start');
  return dnsmasq.server;
}

async function run(params: Record<string, unknown>, input: Record<string, unknown>) {
  const b = await createInMemoryBot(bot, { params, paths: ['_default'], harmonization });
  try {
    const { output, dumps } = await b.run([JSON.stringify({ ...input, __type: 'Event' })]);
    const out = output['_default']!.map((m) => JSON.parse(m) as Record<string, unknown>);
    return { out, dumps, logger: b.logger };
  } finally {
    await b.close();
  }
}

test('fqdn is resolved to *.ip at the configured server', async (t) => {
  const server = await withDnsmasq(t);
  if (!server) return;
  const { out } = await run({ dns_server: server }, { 'source.fqdn': 'host.test', 'destination.fqdn': 'other.test' });
  assert.equal(out[0]!['source.ip'], '192.0.2.10');
  assert.equal(out[0]!['destination.ip'], '198.51.100.7');
});

test('an existing ip is kept unless overwrite', async (t) => {
  const server = await withDnsmasq(t);
  if (!server) return;
  const input = { 'source.fqdn': 'host.test', 'source.ip': '203.0.113.1' };
  assert.equal((await run({ dns_server: server }, input)).out[0]!['source.ip'], '203.0.113.1');
  assert.equal((await run({ dns_server: server, overwrite: true }, input)).out[0]!['source.ip'], '192.0.2.10');
});

test('fallback_to_url resolves the URL host, port and user ignored', async (t) => {
  const server = await withDnsmasq(t);
  if (!server) return;
  const input = { 'source.url': 'http://user@Host.test:8080/path' };
  assert.equal((await run({ dns_server: server }, input)).out[0]!['source.ip'], '192.0.2.10');
  assert.equal((await run({ dns_server: server, fallback_to_url: false }, input)).out[0]!['source.ip'], undefined);
});

test('NXDOMAIN and NODATA pass the event unchanged', async (t) => {
  const server = await withDnsmasq(t);
  if (!server) return;
  const { out, dumps, logger } = await run({ dns_server: server }, { 'source.fqdn': 'missing.test', 'destination.fqdn': 'txtonly.test' });
  assert.equal(dumps.length, 0);
  assert.deepEqual(out[0], { __type: 'Event', 'source.fqdn': 'missing.test', 'destination.fqdn': 'txtonly.test' });
  assert.ok(logger.lines.some((l) => l.message.includes('Ignored error -2 (NXDOMAIN)')));
  assert.ok(logger.lines.some((l) => l.message.includes('Ignored error -5 (NODATA)')));
});

test('SERVFAIL is an error naming the server, unless -3 is ignored', async () => {
  const broken = await startStubDnsServer('servfail');
  try {
    const { out, dumps } = await run({ dns_server: broken.server }, { 'source.fqdn': 'host.test' });
    assert.equal(out.length, 0);
    assert.equal(dumps.length, 1);
    const traceback = String(dumps[0]!.traceback);
    assert.match(traceback, /ESERVFAIL/);
    assert.ok(traceback.includes(broken.server), traceback);
    const ignoring = await run({ dns_server: broken.server, gaierrors_to_ignore: '-3' }, { 'source.fqdn': 'host.test' });
    assert.equal(ignoring.dumps.length, 0);
    assert.deepEqual(ignoring.out[0], { __type: 'Event', 'source.fqdn': 'host.test' });
  } finally {
    await broken.close();
  }
});

test('a server that never answers is a timeout error', async () => {
  const silent = await startStubDnsServer('silent');
  try {
    const { out, dumps } = await run({ dns_server: silent.server, dns_timeout_sec: 0.2, dns_tries: 1 }, { 'source.fqdn': 'host.test' });
    assert.equal(out.length, 0);
    assert.match(String(dumps[0]!.traceback), /ETIMEOUT/);
    assert.ok(String(dumps[0]!.traceback).includes(silent.server));
  } finally {
    await silent.close();
  }
});

test('without dns_server the C library resolves (here from /etc/hosts)', async () => {
  const { out } = await run({}, { 'source.fqdn': 'localhost' });
  assert.equal(out[0]!['source.ip'], '127.0.0.1');
});

test('gaierrors_to_ignore: list, comma string, single number; anything else is rejected', async () => {
  assert.deepEqual(parseIgnoredGaiErrors([-3, '-9']), [-3, -9]);
  assert.deepEqual(parseIgnoredGaiErrors(' -3, -9 '), [-3, -9]);
  assert.deepEqual(parseIgnoredGaiErrors(-3), [-3]);
  assert.deepEqual(parseIgnoredGaiErrors(null), []);
  await assert.rejects(createInMemoryBot(bot, { params: { gaierrors_to_ignore: 'EAI_AGAIN' }, paths: ['_default'], harmonization }), /gaierrors_to_ignore/);
});

test('domainOfUrl: the host name, never an IP literal', () => {
  assert.equal(domainOfUrl('https://Example.COM:443/x'), 'example.com');
  assert.equal(domainOfUrl('http://192.0.2.1/'), null);
  assert.equal(domainOfUrl('http://[2001:db8::1]:80/'), null);
  assert.equal(domainOfUrl('mailto:x'), null);
});
