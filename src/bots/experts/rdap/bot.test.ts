import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInMemoryBot } from '../../../conformance/harness.ts';
import { EmbeddedCache } from '../../../bot/embedded-cache.ts';
import { packagedHarmonization } from '../../../message/index.ts';
import { freePort, startServer, type TestServer } from '../../collectors/_shared/testing-server.ts';
import { bot } from './bot.ts';

const harmonization = packagedHarmonization();
const dir = mkdtempSync(join(tmpdir(), 'intelmq-rdap-'));
let cacheFiles = 0;
let rdap: TestServer;

const vcard = (...props: unknown[][]) => ['vcard', [['version', {}, 'text', '4.0'], ...props]];
const email = (address: string) => ['email', {}, 'text', address];

/** A registry's domain answer: registrant without e-mail, technical contact, registrar with a nested abuse contact. */
const NIC_ANSWER = {
  objectClassName: 'domain',
  ldhName: 'nic.versicherung',
  entities: [
    'not an entity',
    { objectClassName: 'entity', roles: ['registrant', 'administrative'], vcardArray: vcard(['fn', {}, 'text', 'Registry GmbH']) },
    { objectClassName: 'entity', roles: ['technical'], vcardArray: vcard(['fn', {}, 'text', 'NOC'], email('noc@registry.example')) },
    { objectClassName: 'entity', roles: ['removed', 'abuse'], vcardArray: vcard(email('gone@registry.example')) },
    {
      objectClassName: 'entity',
      roles: ['registrar'],
      entities: [{ objectClassName: 'entity', roles: ['abuse'], vcardArray: vcard(['tel', {}, 'uri', 'tel:+43.1'], email('abuse@registrar.example')) }],
    },
  ],
};

before(async () => {
  rdap = await startServer((req, res) => {
    const base = `http://${req.headers.host}`;
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/rdap+json' });
      res.end(JSON.stringify(body));
    };
    switch (req.url) {
      case '/bootstrap/dns.json':
        return json(200, { version: '1.0', services: [[['versicherung', 'example'], [`${base}/v1/`, 'https://unused.example/']]] });
      case '/v1/domain/nic.versicherung':
        return json(200, NIC_ANSWER);
      case '/v1/domain/broken.versicherung':
        return json(500, { errorCode: 500 });
      case '/v1/domain/garbage.versicherung':
        res.writeHead(200);
        return res.end('<html>oops</html>');
      case '/secure/domain/site.test':
        return req.headers.authorization === 'Bearer s3cret'
          ? json(200, { entities: [{ roles: ['abuse'], vcardArray: vcard(email('abuse@secure.example')) }] })
          : json(401, { errorCode: 401 });
      default:
        return json(404, { errorCode: 404, title: 'Not Found' });
    }
  });
});
after(async () => {
  await rdap.close();
  rmSync(dir, { recursive: true, force: true });
});

function newCachePath(): string {
  return join(dir, `cache-${++cacheFiles}.sqlite3`);
}

async function run(params: Record<string, unknown>, inputs: Array<Record<string, unknown>>) {
  const b = await createInMemoryBot(bot, {
    params: { cache_backend: 'embedded', embedded_cache_path: newCachePath(), rdap_bootstrap_url: `${rdap.url}/bootstrap/dns.json`, ...params },
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

test('the registered domain is asked at the bootstrap server; the first role of rdap_order wins and is cached', async () => {
  const path = newCachePath();
  const { out, logger } = await run({ embedded_cache_path: path }, [{ 'source.fqdn': 'www.nic.versicherung' }]);
  assert.equal(out[0]!['source.abuse_contact'], 'abuse@registrar.example');
  assert.ok(rdap.requests.some((r) => r.url === '/v1/domain/nic.versicherung'));
  assert.ok(logger.lines.some((l) => l.level === 'WARNING' && l.message.includes('Invalid type')));
  const cache = await EmbeddedCache.open(path, null, 4);
  assert.equal(await cache.get('rdap_www.nic.versicherung'), 'abuse@registrar.example');
  await cache.close();
  const before = rdap.requests.length;
  const again = await run({ embedded_cache_path: path }, [{ 'source.fqdn': 'www.nic.versicherung' }]);
  assert.equal(again.out[0]!['source.abuse_contact'], 'abuse@registrar.example');
  assert.equal(rdap.requests.length, before + 1, 'only the bootstrap file is fetched again');
});

test('rdap_order picks the role; a role without e-mail is passed over', async () => {
  const { out } = await run({ rdap_order: ['registrant', 'technical'] }, [{ 'source.fqdn': 'nic.versicherung' }]);
  assert.equal(out[0]!['source.abuse_contact'], 'noc@registry.example');
});

test('overwrite false keeps an existing contact', async () => {
  const input = { 'source.fqdn': 'nic.versicherung', 'source.abuse_contact': 'old@example.com' };
  assert.equal((await run({ overwrite: false }, [input])).out[0]!['source.abuse_contact'], 'old@example.com');
  assert.equal((await run({}, [input])).out[0]!['source.abuse_contact'], 'abuse@registrar.example');
});

test('404 and an unknown TLD pass the event unchanged; nothing is cached', async () => {
  const path = newCachePath();
  const { out, dumps } = await run({ embedded_cache_path: path }, [{ 'source.fqdn': 'missing.versicherung' }, { 'source.fqdn': 'host.unknown-tld' }]);
  assert.equal(dumps.length, 0);
  assert.deepEqual(out, [
    { __type: 'Event', 'source.fqdn': 'missing.versicherung' },
    { __type: 'Event', 'source.fqdn': 'host.unknown-tld' },
  ]);
  const cache = await EmbeddedCache.open(path, null, 4);
  assert.equal(await cache.get('rdap_missing.versicherung'), null);
  await cache.close();
});

test('error status and non-JSON answers are errors naming the URL', async () => {
  const { out, dumps } = await run({}, [{ 'source.fqdn': 'broken.versicherung' }, { 'source.fqdn': 'garbage.versicherung' }]);
  assert.equal(out.length, 0);
  assert.match(String(dumps[0]!.traceback), /\/v1\/domain\/broken\.versicherung: status code 500/);
  assert.match(String(dumps[1]!.traceback), /response of http:\/\/127\.0\.0\.1:\d+\/v1\/domain\/garbage\.versicherung as JSON/);
});

test('bootstrapped servers, with JWT authentication, need no bootstrap file', async () => {
  const servers = { test: { url: `${rdap.url}/secure/`, auth: { type: 'jwt', token: 's3cret' } } };
  const { out } = await run({ rdap_bootstrap_url: null, rdap_bootstrapped_servers: servers }, [{ 'source.fqdn': 'www.site.test' }]);
  assert.equal(out[0]!['source.abuse_contact'], 'abuse@secure.example');
  const basic = { test: { url: `${rdap.url}/secure/`, auth: { type: 'basic' } } };
  const { dumps } = await run({ rdap_bootstrap_url: null, rdap_bootstrapped_servers: basic }, [{ 'source.fqdn': 'www.site.test' }]);
  assert.match(String(dumps[0]!.traceback), /Authentication type "basic"/);
});

test('an unreachable bootstrap server stops the start with its host and port', async () => {
  const port = await freePort();
  await assert.rejects(
    createInMemoryBot(bot, { params: { rdap_bootstrap_url: `http://127.0.0.1:${port}/dns.json`, http_timeout_max_tries: 1 }, paths: ['_default'], harmonization }),
    new RegExp(`host 127\\.0\\.0\\.1, port ${port}`),
  );
});
