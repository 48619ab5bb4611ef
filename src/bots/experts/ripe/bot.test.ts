import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInMemoryBot } from '../../../conformance/harness.ts';
import { EmbeddedCache } from '../../../bot/embedded-cache.ts';
import { packagedHarmonization } from '../../../message/index.ts';
import { freePort, startServer, type TestServer } from '../../collectors/_shared/testing-server.ts';
import { bot, CACHE_NO_VALUE } from './bot.ts';

const harmonization = packagedHarmonization();
const dir = mkdtempSync(join(tmpdir(), 'intelmq-ripe-'));
let cacheFiles = 0;
let ripe: TestServer;

/** Answers shaped like the RIPE DB REST API and RIPEstat data calls. */
const ANSWERS: Record<string, { status?: number; body: unknown }> = {
  '/db/abuse-contact/as64496.json': { body: { 'abuse-contacts': { key: 'AS64496', email: 'abuse@as.example' } } },
  '/db/abuse-contact/as64497.json': { status: 404, body: { message: 'No abuse contact found for as64497' } },
  '/db/abuse-contact/192.0.2.1.json': { body: { 'abuse-contacts': { key: '192.0.2.0 - 192.0.2.255', email: 'abuse@ip.example,,noc@ip.example' } } },
  '/db/abuse-contact/2001:db8::1.json': { body: { 'abuse-contacts': { email: 'six@ip.example' } } },
  '/stat/data/abuse-contact-finder/data.json?resource=64496': {
    body: { data: { anti_abuse_contacts: { abuse_c: [{ email: 'abuse@as.example', description: 'ABUSE' }] } }, data_call_status: 'supported' },
  },
  '/stat/data/abuse-contact-finder/data.json?resource=64497': { body: { data: { anti_abuse_contacts: { abuse_c: [] } } } },
  '/stat/data/abuse-contact-finder/data.json?resource=192.0.2.1': { body: { data: { anti_abuse_contacts: { abuse_c: [] } } } },
  '/stat/data/abuse-contact-finder/data.json?resource=2001:db8::1': { body: { data: {} } },
  '/stat/data/maxmind-geo-lite/data.json?resource=192.0.2.1': {
    body: {
      data: { located_resources: [{ resource: '192.0.2.0/24', locations: [{ country: 'AT', city: 'Vienna', latitude: 48.2, longitude: 16.37, covered_percentage: 100 }] }] },
      data_call_status: 'maintenance - results may be stale',
    },
  },
  '/stat/data/maxmind-geo-lite/data.json?resource=2001:db8::1': { body: { data: { located_resources: [{ locations: [{ country: '?', city: '' }] }] } } },
};

before(async () => {
  ripe = await startServer((req, res) => {
    const answer = ANSWERS[req.url ?? ''];
    res.writeHead(answer ? (answer.status ?? 200) : 500, { 'content-type': 'application/json' });
    res.end(answer ? JSON.stringify(answer.body) : '{"error": "unexpected request"}');
  });
});
after(async () => {
  await ripe.close();
  rmSync(dir, { recursive: true, force: true });
});

function newCachePath(): string {
  return join(dir, `cache-${++cacheFiles}.sqlite3`);
}

async function run(params: Record<string, unknown>, inputs: Array<Record<string, unknown>>) {
  const b = await createInMemoryBot(bot, {
    params: { cache_backend: 'embedded', embedded_cache_path: newCachePath(), ripe_db_url: `${ripe.url}/db/`, ripe_stat_url: `${ripe.url}/stat`, ...params },
    paths: ['_default'],
    harmonization,
  });
  try {
    const { output, dumps } = await b.run(inputs.map((m) => JSON.stringify({ ...m, __type: 'Event' })));
    return { out: output['_default']!.map((m) => JSON.parse(m) as Record<string, unknown>), dumps, logger: b.logger };
  } finally {
    await b.close();
  }
}

test('contacts of ASN and IP from both services, geolocation from RIPEstat, answers cached as upstream', async () => {
  const path = newCachePath();
  const { out, logger } = await run({ embedded_cache_path: path }, [{ 'source.asn': 64496, 'source.ip': '192.0.2.1' }]);
  assert.deepEqual(out[0], {
    __type: 'Event',
    'source.asn': 64496,
    'source.ip': '192.0.2.1',
    'source.abuse_contact': 'abuse@as.example,abuse@ip.example,noc@ip.example',
    'source.geolocation.cc': 'AT',
    'source.geolocation.city': 'Vienna',
    'source.geolocation.latitude': 48.2,
    'source.geolocation.longitude': 16.37,
  });
  assert.equal(logger.lines.filter((l) => l.message.includes('under maintenance')).length, 1);
  const cache = await EmbeddedCache.open(path, null, 4);
  assert.equal(await cache.get('stat:64496'), '["abuse@as.example"]');
  assert.equal(await cache.get('db_ip:192.0.2.1'), '["abuse@ip.example", "noc@ip.example"]');
  assert.equal(await cache.get('stat:192.0.2.1'), CACHE_NO_VALUE);
  assert.match((await cache.get('stat_geolocation:192.0.2.1'))!, /^\{"country": "AT", "city": "Vienna"/);
  await cache.close();
});

test('a second bot on the same cache asks nothing', async () => {
  const path = newCachePath();
  const input = [{ 'destination.asn': 64496, 'destination.ip': '192.0.2.1' }];
  await run({ embedded_cache_path: path }, input);
  const before = ripe.requests.length;
  const { out } = await run({ embedded_cache_path: path }, input);
  assert.equal(ripe.requests.length, before);
  assert.equal(out[0]!['destination.abuse_contact'], 'abuse@as.example,abuse@ip.example,noc@ip.example');
  assert.equal(out[0]!['destination.geolocation.cc'], 'AT');
});

test('append keeps existing contacts and geolocation; replace replaces both', async () => {
  const input = { 'source.ip': '192.0.2.1', 'source.abuse_contact': 'old@example.com', 'source.geolocation.cc': 'DE' };
  const appended = (await run({}, [input])).out[0]!;
  assert.equal(appended['source.abuse_contact'], 'old@example.com,abuse@ip.example,noc@ip.example');
  assert.equal(appended['source.geolocation.cc'], 'DE');
  const replaced = (await run({ mode: 'replace' }, [input])).out[0]!;
  assert.equal(replaced['source.abuse_contact'], 'abuse@ip.example,noc@ip.example');
  assert.equal(replaced['source.geolocation.cc'], 'AT');
});

test('"no abuse contact" 404 of the RIPE DB, "?" country and empty results are no data, not errors', async () => {
  const path = newCachePath();
  const { out, dumps } = await run({ embedded_cache_path: path }, [{ 'source.asn': 64497, 'destination.ip': '2001:db8::1' }]);
  assert.equal(dumps.length, 0);
  assert.deepEqual(out[0], { __type: 'Event', 'source.asn': 64497, 'destination.ip': '2001:db8::1', 'destination.abuse_contact': 'six@ip.example' });
  const cache = await EmbeddedCache.open(path, null, 4);
  assert.equal(await cache.get('db_asn:64497'), CACHE_NO_VALUE);
  await cache.close();
});

test('queries can be switched off', async () => {
  const before = ripe.requests.length;
  const flags = { query_ripe_db_asn: false, query_ripe_db_ip: false, query_ripe_stat_asn: false, query_ripe_stat_ip: false, query_ripe_stat_geolocation: false };
  const { out } = await run(flags, [{ 'source.asn': 64496, 'source.ip': '192.0.2.1' }]);
  assert.equal(ripe.requests.length, before);
  assert.deepEqual(out[0], { __type: 'Event', 'source.asn': 64496, 'source.ip': '192.0.2.1' });
});

test('an error status is an error naming the URL; nothing is cached', async () => {
  const path = newCachePath();
  const { out, dumps } = await run({ embedded_cache_path: path }, [{ 'source.ip': '192.0.2.66' }]);
  assert.equal(out.length, 0);
  assert.match(String(dumps[0]!.traceback), /HTTP status code was 500 for http:\/\/127\.0\.0\.1:\d+\/stat\/data\/abuse-contact-finder\/data\.json\?resource=192\.0\.2\.66/);
  const cache = await EmbeddedCache.open(path, null, 4);
  assert.equal(await cache.get('stat:192.0.2.66'), null);
  await cache.close();
});

test('an unreachable server is an error naming host and port', async () => {
  const port = await freePort();
  const { out, dumps } = await run({ ripe_stat_url: `http://127.0.0.1:${port}`, http_timeout_max_tries: 1 }, [{ 'source.ip': '192.0.2.1' }]);
  assert.equal(out.length, 0);
  assert.match(String(dumps[0]!.traceback), new RegExp(`host 127\\.0\\.0\\.1, port ${port}`));
});
