import { after, before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInMemoryBot } from '../../../conformance/harness.ts';
import { EmbeddedCache } from '../../../bot/embedded-cache.ts';
import { packagedHarmonization } from '../../../message/index.ts';
import { requireService } from '../../../../test/helpers/services.ts';
import { DNSMASQ_SERVICE, dnsmasqProbe, startDnsmasq, startStubDnsServer, type DnsTestServer } from '../gethostbyname/dns-test-server.ts';
import { bot } from './bot.ts';
import { mostSpecific, originQueryName, parseAsName, parseOrigin } from './cymru.ts';

const harmonization = packagedHarmonization();
const dir = mkdtempSync(join(tmpdir(), 'intelmq-cymru-'));
let dnsmasq: DnsTestServer | undefined;
let cacheFiles = 0;

/** How Cymru serves non-ASCII AS names: UTF-8 bytes read as Latin-1 and encoded as UTF-8 again. */
const doubleEncoded = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

before(async () => {
  try {
    dnsmasq = await startDnsmasq({
      txt: {
        '10.2.0.192.origin.asn.cymru.com': ['64497 64498 | 192.0.0.0/16 | AT | ripencc | 2001-01-01', '64496 | 192.0.2.0/24 | AT | ripencc | 2007-06-07'],
        'AS64496.asn.cymru.com': [`64496 | AT | ripencc | 2007-06-07 | ${doubleEncoded('EXAMPLE-NET Österreich, AT')}`],
        [originQueryName('2001:db8::8')]: ['64511 | 2001:db8::/32 | US | arin | 2010-02-18'],
        'AS64511.asn.cymru.com': ['64511 | US | arin | 2010-02-18 | SIX-NET, US'],
        '1.100.51.198.origin.asn.cymru.com': ['64500 | 198.51.100.0/24 | NA | other |'],
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

function newCachePath(): string {
  return join(dir, `cache-${++cacheFiles}.sqlite3`);
}

async function run(params: Record<string, unknown>, inputs: Array<Record<string, unknown>>) {
  const b = await createInMemoryBot(bot, { params: { cache_backend: 'embedded', embedded_cache_path: newCachePath(), ...params }, paths: ['_default'], harmonization });
  try {
    const { output, dumps } = await b.run(inputs.map((m) => JSON.stringify({ ...m, __type: 'Event' })));
    return { out: output['_default']!.map((m) => JSON.parse(m) as Record<string, unknown>), dumps, logger: b.logger };
  } finally {
    await b.close();
  }
}

test('IPv4: the most specific of several networks, AS name decoded', async (t) => {
  const server = await withDnsmasq(t);
  if (!server) return;
  const path = newCachePath();
  const { out } = await run({ dns_server: server, embedded_cache_path: path }, [{ 'source.ip': '192.0.2.10' }]);
  assert.deepEqual(out[0], {
    __type: 'Event',
    'source.ip': '192.0.2.10',
    'source.asn': 64496,
    'source.network': '192.0.2.0/24',
    'source.geolocation.cc': 'AT',
    'source.registry': 'RIPE',
    'source.allocated': '2007-06-07T00:00:00+00:00',
    'source.as_name': 'EXAMPLE-NET Österreich, AT',
  });
  const cache = await EmbeddedCache.open(path, null, 4);
  assert.equal(
    await cache.get('4_192.0.2.10'),
    '{"asn": "64496", "network": "192.0.2.0/24", "geolocation.cc": "AT", "registry": "ripencc", "allocated": "2007-06-07T00:00:00+00:00", "as_name": "EXAMPLE-NET \\u00d6sterreich, AT"}',
  );
  await cache.close();
});

test('IPv6 destination via origin6', async (t) => {
  const server = await withDnsmasq(t);
  if (!server) return;
  const { out } = await run({ dns_server: server }, [{ 'destination.ip': '2001:db8::8' }]);
  assert.equal(out[0]!['destination.asn'], 64511);
  assert.equal(out[0]!['destination.network'], '2001:db8::/32');
  assert.equal(out[0]!['destination.registry'], 'ARIN');
  assert.equal(out[0]!['destination.as_name'], 'SIX-NET, US');
});

test('registry "other" and NA are left out; a missing AS record means no as_name', async (t) => {
  const server = await withDnsmasq(t);
  if (!server) return;
  const { out, dumps } = await run({ dns_server: server }, [{ 'source.ip': '198.51.100.1' }]);
  assert.equal(dumps.length, 0);
  assert.deepEqual(out[0], { __type: 'Event', 'source.ip': '198.51.100.1', 'source.asn': 64500, 'source.network': '198.51.100.0/24' });
});

test('NXDOMAIN: event unchanged, "null" cached', async (t) => {
  const server = await withDnsmasq(t);
  if (!server) return;
  const path = newCachePath();
  const { out, dumps, logger } = await run({ dns_server: server, embedded_cache_path: path }, [{ 'source.ip': '203.0.113.5' }]);
  assert.equal(dumps.length, 0);
  assert.deepEqual(out[0], { __type: 'Event', 'source.ip': '203.0.113.5' });
  assert.ok(logger.lines.some((l) => l.message === 'Got no result from Cymru for IP address "203.0.113.5".'));
  const cache = await EmbeddedCache.open(path, null, 4);
  assert.equal(await cache.get('4_203.0.113.5'), 'null');
  await cache.close();
});

test('existing fields are kept unless overwrite', async (t) => {
  const server = await withDnsmasq(t);
  if (!server) return;
  const input = { 'source.ip': '192.0.2.10', 'source.geolocation.cc': 'AA', 'source.registry': 'LACNIC' };
  const kept = (await run({ dns_server: server }, [input])).out[0]!;
  assert.equal(kept['source.geolocation.cc'], 'AA');
  assert.equal(kept['source.registry'], 'LACNIC');
  assert.equal(kept['source.asn'], 64496);
  const replaced = (await run({ dns_server: server, overwrite: true }, [input])).out[0]!;
  assert.equal(replaced['source.geolocation.cc'], 'AT');
  assert.equal(replaced['source.registry'], 'RIPE');
});

test('cached answers (and cached misses) are used without asking the server', async () => {
  const stub = await startStubDnsServer('servfail');
  const path = newCachePath();
  const seed = await EmbeddedCache.open(path, null, 4);
  await seed.set('4_192.0.2.1', '{"asn": "64496", "network": "192.0.2.0/24"}');
  await seed.set('6_2001:db8::1', 'null');
  await seed.close();
  try {
    const { out, dumps } = await run({ dns_server: stub.server, embedded_cache_path: path }, [{ 'source.ip': '192.0.2.1', 'destination.ip': '2001:db8::1' }]);
    assert.equal(dumps.length, 0);
    assert.deepEqual(out[0], { __type: 'Event', 'source.ip': '192.0.2.1', 'destination.ip': '2001:db8::1', 'source.asn': 64496, 'source.network': '192.0.2.0/24' });
  } finally {
    await stub.close();
  }
});

test('SERVFAIL is an error naming the server; nothing is cached', async () => {
  const stub = await startStubDnsServer('servfail');
  const path = newCachePath();
  try {
    const { out, dumps } = await run({ dns_server: stub.server, embedded_cache_path: path }, [{ 'source.ip': '192.0.2.1' }]);
    assert.equal(out.length, 0);
    assert.match(String(dumps[0]!.traceback), /DNS TXT query for "1\.2\.0\.192\.origin\.asn\.cymru\.com" at 127\.0\.0\.1:\d+ failed: ESERVFAIL/);
    const cache = await EmbeddedCache.open(path, null, 4);
    assert.equal(await cache.get('4_192.0.2.1'), null);
    await cache.close();
  } finally {
    await stub.close();
  }
});

test('parsing: quotes, NA, several origin ASNs, allocation date, most specific network', () => {
  assert.equal(parseOrigin('9395 17431 | 219.234.80.0/20 | CN | apnic | 2002-04-17').asn, '9395');
  assert.deepEqual(parseOrigin('"1930 | 193.136.0.0/15 | PT | ripencc |"'), { asn: '1930', network: '193.136.0.0/15', 'geolocation.cc': 'PT', registry: 'ripencc' });
  assert.deepEqual(parseOrigin('NA | 10.0.0.0/8 | NA | NA | NA'), { network: '10.0.0.0/8' });
  assert.equal(parseAsName('1930 | EU | ripencc | | RCCN Rede Ciencia, PT'), 'RCCN Rede Ciencia, PT');
  // Not a second encoding layer: kept as decoded.
  assert.equal(parseAsName('1 | AT | ripencc | | Ärger'), 'Ärger');
  assert.deepEqual(mostSpecific([{ asn: '1' }, { asn: '2', network: '10.0.0.0/8' }, { asn: '3', network: '10.1.0.0/16' }, { asn: '4', network: '10.2.0.0/16' }]), {
    asn: '3',
    network: '10.1.0.0/16',
  });
  assert.equal(originQueryName('192.0.2.1'), '1.2.0.192.origin.asn.cymru.com');
  assert.equal(originQueryName('2001:db8::1'), `1.${'0.'.repeat(23)}8.b.d.0.1.0.0.2.origin6.asn.cymru.com`);
});
