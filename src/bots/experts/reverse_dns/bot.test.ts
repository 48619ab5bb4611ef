import { after, before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createInMemoryBot } from '../../../conformance/harness.ts';
import { EmbeddedCache } from '../../../bot/embedded-cache.ts';
import { packagedHarmonization } from '../../../message/index.ts';
import { requireService } from '../../../../test/helpers/services.ts';
import { DNSMASQ_SERVICE, dnsmasqProbe, startDnsmasq, startStubDnsServer, type DnsTestServer } from '../gethostbyname/dns-test-server.ts';
import { bot, DNS_EXCEPTION_VALUE } from './bot.ts';

const harmonization = packagedHarmonization();
const dir = mkdtempSync(join(tmpdir(), 'intelmq-reverse-dns-'));
let dnsmasq: DnsTestServer | undefined;
let cacheFiles = 0;

before(async () => {
  try {
    dnsmasq = await startDnsmasq({
      ptr: {
        '10.2.0.192.in-addr.arpa': ['host.test'],
        '11.2.0.192.in-addr.arpa': ['192.0.2.99', 'good.test'],
        '12.2.0.192.in-addr.arpa': ['192.0.2.99'],
        '1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa': ['six.test'],
      },
    });
  } catch {
    // requireService reports why in each test.
  }
});
after(async () => {
  await dnsmasq?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function withDnsmasq(t: TestContext): Promise<string | null> {
  if (!(await requireService(t, DNSMASQ_SERVICE, dnsmasqProbe))) return null;
  assert.ok(dnsmasq, 'dnsmasq is installed but the test server did not start');
  return dnsmasq.server;
}

/** A fresh cache file per test, so cached answers never leak between tests. */
function newCachePath(): string {
  return join(dir, `cache-${++cacheFiles}.sqlite3`);
}

async function run(params: Record<string, unknown>, inputs: Array<Record<string, unknown>>) {
  const b = await createInMemoryBot(bot, {
    params: { cache_backend: 'embedded', redis_cache_ttl: 86400, ...params },
    paths: ['_default'],
    harmonization,
  });
  try {
    const { output, dumps } = await b.run(inputs.map((m) => JSON.stringify({ ...m, __type: 'Event' })));
    return { out: output['_default']!.map((m) => JSON.parse(m) as Record<string, unknown>), dumps };
  } finally {
    await b.close();
  }
}

/** Value and remaining lifetime (seconds) of a cache entry. */
function cacheEntry(path: string, key: string): { value: string; ttl: number | null } | undefined {
  const db = new Database(path, { readonly: true });
  try {
    const row = db.prepare('SELECT value, expires FROM cache WHERE key = ?').get(key) as { value: string; expires: number | null } | undefined;
    return row && { value: row.value, ttl: row.expires === null ? null : Math.round(row.expires - Date.now() / 1000) };
  } finally {
    db.close();
  }
}

test('PTR names of source and destination (IPv4 and IPv6), cached with the trailing dot', async (t) => {
  const server = await withDnsmasq(t);
  if (!server) return;
  const path = newCachePath();
  const { out } = await run({ dns_server: server, embedded_cache_path: path }, [{ 'source.ip': '192.0.2.10', 'destination.ip': '2001:db8::1' }]);
  assert.equal(out[0]!['source.reverse_dns'], 'host.test');
  assert.equal(out[0]!['destination.reverse_dns'], 'six.test');
  const entry = cacheEntry(path, '192.0.2.10');
  assert.equal(entry?.value, 'host.test.');
  assert.ok(entry.ttl! > 86000, `ttl ${entry.ttl}`);
});

test('the first valid name is used; a name that is an IP address is not valid', async (t) => {
  const server = await withDnsmasq(t);
  if (!server) return;
  const path = newCachePath();
  const { out } = await run({ dns_server: server, embedded_cache_path: path }, [{ 'source.ip': '192.0.2.11' }, { 'source.ip': '192.0.2.12' }]);
  assert.equal(out[0]!['source.reverse_dns'], 'good.test');
  assert.equal(out[1]!['source.reverse_dns'], undefined);
  const invalid = cacheEntry(path, '192.0.2.12');
  assert.equal(invalid?.value, DNS_EXCEPTION_VALUE);
  assert.ok(invalid.ttl! <= 60 && invalid.ttl! > 50, `ttl ${invalid.ttl}`);
});

test('NXDOMAIN: event unchanged, miss cached for redis_cache_ttl', async (t) => {
  const server = await withDnsmasq(t);
  if (!server) return;
  const path = newCachePath();
  const { out, dumps } = await run({ dns_server: server, embedded_cache_path: path }, [{ 'source.ip': '192.0.2.200' }]);
  assert.equal(dumps.length, 0);
  assert.deepEqual(out[0], { __type: 'Event', 'source.ip': '192.0.2.200' });
  const entry = cacheEntry(path, '192.0.2.200');
  assert.equal(entry?.value, DNS_EXCEPTION_VALUE);
  assert.ok(entry.ttl! > 86000, `ttl ${entry.ttl}`);
});

test('NODATA: event unchanged, miss cached for cache_ttl_invalid_response', async () => {
  const stub = await startStubDnsServer('nodata');
  const path = newCachePath();
  try {
    const { out } = await run({ dns_server: stub.server, embedded_cache_path: path, cache_ttl_invalid_response: 30 }, [{ 'source.ip': '192.0.2.1' }]);
    assert.deepEqual(out[0], { __type: 'Event', 'source.ip': '192.0.2.1' });
    const entry = cacheEntry(path, '192.0.2.1');
    assert.equal(entry?.value, DNS_EXCEPTION_VALUE);
    assert.ok(entry.ttl! <= 30 && entry.ttl! > 20, `ttl ${entry.ttl}`);
  } finally {
    await stub.close();
  }
});

test('cached names and misses are used without asking the server', async () => {
  const stub = await startStubDnsServer('servfail');
  const path = newCachePath();
  const seed = await EmbeddedCache.open(path, null, 4);
  await seed.set('192.0.2.1', 'cached.test.');
  await seed.set('192.0.2.2', DNS_EXCEPTION_VALUE);
  await seed.close();
  try {
    const { out, dumps } = await run({ dns_server: stub.server, embedded_cache_path: path }, [{ 'source.ip': '192.0.2.1', 'destination.ip': '192.0.2.2' }]);
    assert.equal(dumps.length, 0);
    assert.equal(out[0]!['source.reverse_dns'], 'cached.test');
    assert.equal(out[0]!['destination.reverse_dns'], undefined);
  } finally {
    await stub.close();
  }
});

test('an existing reverse_dns is kept unless overwrite', async (t) => {
  const server = await withDnsmasq(t);
  if (!server) return;
  const input = { 'source.ip': '192.0.2.10', 'source.reverse_dns': 'old.test' };
  assert.equal((await run({ dns_server: server, embedded_cache_path: newCachePath() }, [input])).out[0]!['source.reverse_dns'], 'old.test');
  assert.equal((await run({ dns_server: server, embedded_cache_path: newCachePath(), overwrite: true }, [input])).out[0]!['source.reverse_dns'], 'host.test');
});

test('SERVFAIL is an error naming the server and nothing is cached', async () => {
  const stub = await startStubDnsServer('servfail');
  const path = newCachePath();
  try {
    const { out, dumps } = await run({ dns_server: stub.server, embedded_cache_path: path }, [{ 'source.ip': '192.0.2.1' }]);
    assert.equal(out.length, 0);
    assert.equal(dumps.length, 1);
    assert.match(String(dumps[0]!.traceback), /ESERVFAIL/);
    assert.ok(String(dumps[0]!.traceback).includes(stub.server));
    assert.equal(cacheEntry(path, '192.0.2.1'), undefined);
  } finally {
    await stub.close();
  }
});
