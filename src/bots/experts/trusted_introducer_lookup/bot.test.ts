import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createInMemoryBot } from '../../../conformance/harness.ts';
import { packagedHarmonization } from '../../../message/index.ts';
import { freePort, startServer, type TestServer } from '../../collectors/_shared/testing-server.ts';
import { bot, parseOrder } from './bot.ts';

const harmonization = packagedHarmonization();
let ti: TestServer;

const team = (name: string, constituency: Record<string, unknown>, emails?: unknown[]) => ({
  official_name: name,
  short_name: name,
  country: { code: 'AT', name: 'Austria' },
  constituency: { types: ['National'], asns: [], domains: [], ipranges: [], countries: [], ...constituency },
  ...(emails ? { emails } : {}),
});

/** Shaped like https://www.trusted-introducer.org/directory/teams.json. */
const TEAMS = [
  team('National CERT', { domains: ['*.at', '*.versicherung', 'example.*'] }, [
    { address: 'info@national.example', usage: ['other'] },
    { address: 'team@national.example', usage: ['contact', 'incident'] },
  ]),
  team('Research CERT', { asns: [64496, 64497], domains: ['*.ac.at'] }, [{ address: 'cert@research.example', usage: ['contact'] }]),
  team('Team without e-mail', { asns: [64500], domains: ['*.quiet.at'] }),
  team('Team without contact address', { asns: [64501] }, [{ address: 'x@y.example', usage: ['fax'] }]),
];

before(async () => {
  ti = await startServer((req, res) => {
    if (req.url !== '/directory/teams.json') {
      res.writeHead(404);
      return res.end();
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(TEAMS));
  });
});
after(() => ti.close());

async function run(params: Record<string, unknown>, inputs: Array<Record<string, unknown>>) {
  const b = await createInMemoryBot(bot, { params: { teams_url: `${ti.url}/directory/teams.json`, ...params }, paths: ['_default'], harmonization });
  try {
    const { output, dumps } = await b.run(inputs.map((m) => JSON.stringify({ ...m, __type: 'Event' })));
    return { out: output['_default']!.map((m) => JSON.parse(m) as Record<string, unknown>), dumps, logger: b.logger };
  } finally {
    await b.close();
  }
}

const contacts = (out: Array<Record<string, unknown>>) => out.map((e) => e['source.abuse_contact']);

test('the most specific constituency domain of source.fqdn wins; then source.asn', async () => {
  const { out } = await run({}, [
    { 'source.fqdn': 'nic.versicherung' },
    { 'source.fqdn': 'www.tuwien.ac.at' },
    { 'source.asn': 64497 },
    { 'source.fqdn': 'host.example.org', 'source.asn': 64496 },
    { 'source.fqdn': 'host.example.org' },
  ]);
  assert.deepEqual(contacts(out), ['team@national.example', 'cert@research.example', 'cert@research.example', 'cert@research.example', undefined]);
});

test('order decides which lookup counts', async () => {
  const input = { 'source.fqdn': 'nic.at', 'source.asn': 64496 };
  assert.deepEqual(contacts((await run({}, [input])).out), ['team@national.example']);
  assert.deepEqual(contacts((await run({ order: ['asn', 'domain'] }, [input])).out), ['cert@research.example']);
  assert.deepEqual(contacts((await run({ order: 'asn' }, [{ 'source.fqdn': 'nic.at' }])).out), [undefined]);
});

test('teams without e-mails are not listed; a team without a contact address gives none', async () => {
  const { out } = await run({}, [{ 'source.fqdn': 'www.quiet.at' }, { 'source.asn': 64500 }, { 'source.asn': 64501, 'source.abuse_contact': 'old@example.com' }]);
  assert.deepEqual(contacts(out), ['team@national.example', undefined, undefined]);
});

test('overwrite: false keeps an existing contact; true replaces it, even by none', async () => {
  const found = { 'source.fqdn': 'nic.at', 'source.abuse_contact': 'old@example.com' };
  const missed = { 'source.fqdn': 'nic.invalid', 'source.abuse_contact': 'old@example.com' };
  assert.deepEqual(contacts((await run({ overwrite: false }, [found, missed])).out), ['old@example.com', 'old@example.com']);
  assert.deepEqual(contacts((await run({}, [found, missed])).out), ['team@national.example', undefined]);
});

test('unknown order entries are warned about', async () => {
  assert.deepEqual(parseOrder(' domain ,asn'), ['domain', 'asn']);
  const { logger } = await run({ order: 'domain, ip' }, []);
  assert.ok(logger.lines.some((l) => l.level === 'WARNING' && l.message.includes('"ip"')));
});

test('a failed download stops the start, naming the URL', async () => {
  await assert.rejects(createInMemoryBot(bot, { params: { teams_url: `${ti.url}/nope.json` }, paths: ['_default'], harmonization }), /nope\.json failed with status 404/);
  const port = await freePort();
  await assert.rejects(
    createInMemoryBot(bot, { params: { teams_url: `http://127.0.0.1:${port}/teams.json`, http_timeout_max_tries: 1 }, paths: ['_default'], harmonization }),
    new RegExp(`host 127\\.0\\.0\\.1, port ${port}`),
  );
});
