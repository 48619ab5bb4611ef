import { after, before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { createInMemoryBot } from '../../../conformance/harness.ts';
import { packagedHarmonization } from '../../../message/index.ts';
import { requireService, tcpProbe } from '../../../../test/helpers/services.ts';
import { freePort } from '../../collectors/_shared/testing-server.ts';
import { bot } from './bot.ts';
import { selectQuery } from './database.ts';

const harmonization = packagedHarmonization();
const PG = { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' };
const PG_SERVICE = `postgresql at ${PG.host}:${PG.port}`;
const table = `intelmq_lookup_${randomBytes(6).toString('hex')}`;
const dir = mkdtempSync(join(tmpdir(), 'intelmq-generic-db-'));
const sqliteFile = join(dir, 'contacts.sqlite3');
let admin: pg.Client | undefined;

const ROWS: Array<[number, string | null, string | null, string | null]> = [
  [64496, 'abuse@example.com', 'foo', null],
  [64497, 'abuse@example.com', 'bar', 'infected-system'],
  [64498, 'one@example.com', null, 'dup'],
  [64499, 'two@example.com', null, 'dup'],
];

before(async () => {
  const db = new Database(sqliteFile);
  db.exec('CREATE TABLE contacts (asn INTEGER, contact TEXT, note TEXT, type TEXT, active INTEGER)');
  const insert = db.prepare('INSERT INTO contacts VALUES (?, ?, ?, ?, 1)');
  for (const row of ROWS) insert.run(...row);
  db.close();
  const client = new pg.Client(PG);
  try {
    await client.connect();
    await client.query(`CREATE TABLE "${table}" (asn BIGINT PRIMARY KEY, contact TEXT, note TEXT, type TEXT)`);
    for (const row of ROWS) await client.query(`INSERT INTO "${table}" VALUES ($1, $2, $3, $4)`, row);
    admin = client;
  } catch {
    await client.end().catch(() => undefined);
  }
});
after(async () => {
  await admin?.query(`DROP TABLE IF EXISTS "${table}"`);
  await admin?.end();
  rmSync(dir, { recursive: true, force: true });
});

async function withPostgres(t: TestContext): Promise<boolean> {
  if (!(await requireService(t, PG_SERVICE, tcpProbe(PG.host, PG.port)))) return false;
  assert.ok(admin, `${PG_SERVICE} listens, but the test table could not be created`);
  return true;
}

const postgres = { engine: 'postgresql', ...PG, sslmode: 'disable', table, replace_fields: { note: 'comment', contact: 'source.abuse_contact' } };
const sqlite = { engine: 'sqlite', database: sqliteFile, table: 'contacts', replace_fields: { note: 'comment', contact: 'source.abuse_contact' } };

const INPUT = { 'classification.type': 'infected-system', 'source.asn': 64496, 'source.ip': '192.0.2.1', 'feed.name': 'Example Feed' };

async function run(params: Record<string, unknown>, inputs: Array<Record<string, unknown>>) {
  const b = await createInMemoryBot(bot, { params, paths: ['_default'], harmonization });
  try {
    const { output, dumps } = await b.run(inputs.map((m) => JSON.stringify({ ...m, __type: 'Event' })));
    return { out: output['_default']!.map((m) => JSON.parse(m) as Record<string, unknown>), dumps, logger: b.logger };
  } finally {
    await b.close();
  }
}

for (const [engine, params, gate] of [
  ['PostgreSQL', postgres, withPostgres],
  ['SQLite', sqlite, async () => true],
] as const) {
  test(`${engine}: the matching row's columns are copied; no row, no change`, async (t) => {
    if (!(await gate(t))) return;
    const { out, dumps } = await run(params, [INPUT, { ...INPUT, 'source.asn': 42 }]);
    assert.equal(dumps.length, 0);
    assert.deepEqual(out[0], { __type: 'Event', ...INPUT, comment: 'foo', 'source.abuse_contact': 'abuse@example.com' });
    assert.deepEqual(out[1], { __type: 'Event', ...INPUT, 'source.asn': 42 });
  });

  test(`${engine}: several match fields must all be equal`, async (t) => {
    if (!(await gate(t))) return;
    const matchBoth = { ...params, match_fields: { 'source.asn': 'asn', 'classification.type': 'type' } };
    const { out } = await run(matchBoth, [{ ...INPUT, 'source.asn': 64497 }, { ...INPUT, 'source.asn': 64497, 'classification.type': 'scanner' }]);
    assert.equal(out[0]!['comment'], 'bar');
    assert.equal(out[1]!['comment'], undefined);
  });

  test(`${engine}: events without a match field, or with every target set, are not looked up`, async (t) => {
    if (!(await gate(t))) return;
    const complete = { ...INPUT, comment: 'mine', 'source.abuse_contact': 'me@example.com' };
    const { out } = await run(params, [{ 'source.ip': '192.0.2.1' }, complete]);
    assert.deepEqual(out[0], { __type: 'Event', 'source.ip': '192.0.2.1' });
    assert.deepEqual(out[1], { __type: 'Event', ...complete });
    const overwritten = (await run({ ...params, overwrite: true }, [complete])).out[0]!;
    assert.equal(overwritten['comment'], 'foo');
    assert.equal(overwritten['source.abuse_contact'], 'abuse@example.com');
  });

  test(`${engine}: a NULL column removes the target field, as upstream's add(None, overwrite=True)`, async (t) => {
    if (!(await gate(t))) return;
    const { out } = await run(params, [{ ...INPUT, 'source.asn': 64498, comment: 'old' }]);
    assert.equal(out[0]!['comment'], undefined);
    assert.equal(out[0]!['source.abuse_contact'], 'one@example.com');
  });
}

test('PostgreSQL: more than one matching row is an error', async (t) => {
  if (!(await withPostgres(t))) return;
  const { out, dumps } = await run({ ...postgres, match_fields: { 'feed.name': 'type' } }, [{ 'feed.name': 'dup' }]);
  assert.equal(out.length, 0);
  assert.match(String(dumps[0]!.traceback), /Lookup returned more then one result/);
});

test('PostgreSQL: sslmode prefer falls back to plain text, require does not', async (t) => {
  if (!(await withPostgres(t))) return;
  const prefer = await run({ ...postgres, sslmode: 'prefer' }, [INPUT]);
  assert.equal(prefer.out[0]!['comment'], 'foo');
  const require = await run({ ...postgres, sslmode: 'require' }, [INPUT]);
  assert.equal(require.out.length, 0);
  assert.match(String(require.dumps[0]!.traceback), /PostgreSQL at 127\.0\.0\.1:5432\/test failed: The server does not support SSL connections/);
});

test('PostgreSQL down: an error naming the server', async () => {
  const port = await freePort();
  const { out, dumps } = await run({ ...postgres, port, connect_timeout: 1 }, [INPUT]);
  assert.equal(out.length, 0);
  assert.match(String(dumps[0]!.traceback), new RegExp(`Query on PostgreSQL at 127\\.0\\.0\\.1:${port}/test failed`));
});

test('SQLite: booleans are bound as 1/0; a missing file or table stops the start', async () => {
  const { out } = await run({ ...sqlite, match_fields: { 'source.tor_node': 'active', 'source.asn': 'asn' } }, [{ ...INPUT, 'source.tor_node': true }]);
  assert.equal(out[0]!['comment'], 'foo');
  await assert.rejects(createInMemoryBot(bot, { params: { ...sqlite, database: join(dir, 'missing.sqlite3') }, paths: ['_default'], harmonization }), /missing\.sqlite3/);
  await assert.rejects(createInMemoryBot(bot, { params: { ...sqlite, table: 'nope' }, paths: ['_default'], harmonization }), /no such table: nope/);
});

test('configuration: unknown engine, empty mappings; identifiers are quoted', async () => {
  await assert.rejects(createInMemoryBot(bot, { params: { engine: 'mssql' }, paths: ['_default'], harmonization }), /Wrong parameter 'engine'/);
  await assert.rejects(createInMemoryBot(bot, { params: { ...sqlite, replace_fields: {} }, paths: ['_default'], harmonization }), /at least one entry/);
  assert.equal(selectQuery('my "t"', ['a', 'b'], ['c', 'd'], (i) => `$${i + 1}`), 'SELECT "a", "b" FROM "my ""t""" WHERE "c" = $1 AND "d" = $2');
  assert.deepEqual(bot.check!({ engine: 'PostgreSQL', match_fields: {}, replace_fields: { a: 'b' } } as never).map((d) => d.message), ["Parameter 'match_fields' is empty."]);
});
