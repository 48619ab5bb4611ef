import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { requireService, tcpProbe } from '../../../../test/helpers/services.ts';
import { Harmonization, packagedHarmonization } from '../../../message/index.ts';
import { freePort } from '../../collectors/_shared/testing-server.ts';
import { SAMPLE, createBatchOutput, event, runOutput } from '../_shared/testing.ts';
import { psqlInitdb } from './initdb.ts';
import { bot } from './bot.ts';

const PG = { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' };
const available = (t: TestContext) => requireService(t, `postgresql at ${PG.host}:${PG.port}`, tcpProbe(PG.host, PG.port));
let counter = 0;
const uniqueTable = () => `intelmq_test_${process.pid}_${Date.now()}_${++counter}`;

/** The events table of intelmq_psql_initdb under another name, created in the test database. */
async function createPgTable(): Promise<{ table: string; client: pg.Client; drop(): Promise<void> }> {
  const table = uniqueTable();
  const client = new pg.Client(PG);
  await client.connect();
  const ddl = psqlInitdb(packagedHarmonization())
    .replace('CREATE TABLE events (', `CREATE TABLE ${table} (`)
    .replaceAll(/CREATE INDEX "idx_events_([^"]+)" ON events/g, `CREATE INDEX "idx_${table}_$1" ON ${table}`);
  await client.query(ddl);
  return { table, client, drop: async () => void (await client.query(`DROP TABLE ${table}`), await client.end()) };
}

test('psqlInitdb prints upstream\'s layout: sorted quoted columns, types, indices, optional raws split', () => {
  const h = new Harmonization({
    event: {
      'source.ip': { type: 'IPAddress' },
      'extra': { type: 'JSONDict' },
      'feed.accuracy': { type: 'Accuracy' },
      'classification.type': { type: 'ClassificationType', length: 50 },
      'raw': { type: 'Base64' },
      'time.source': { type: 'DateTime' },
      'source.asn': { type: 'ASN' },
    },
    report: {},
  });
  const sql = psqlInitdb(h);
  assert.equal(
    sql.split('\n').slice(0, 10).join('\n'),
    [
      'CREATE TABLE events (',
      '    "id" BIGSERIAL UNIQUE PRIMARY KEY,',
      '    "classification.type" varchar(50),',
      '    "extra" json,',
      '    "feed.accuracy" real,',
      '    "raw" text,',
      '    "source.asn" integer,',
      '    "source.ip" inet,',
      '    "time.source" timestamp with time zone',
      ');',
    ].join('\n'),
  );
  assert.ok(sql.endsWith('CREATE INDEX "idx_events_time.source" ON events USING btree ("time.source");'));
  const split = psqlInitdb(h, { separateRaws: true, skipOrReplace: true, partitionKey: 'time.source' });
  assert.match(split, /^CREATE TABLE IF NOT EXISTS events \(\n {4}"id" BIGSERIAL,\n/);
  assert.match(split, / {4}"time\.source" timestamp with time zone,\n {4}PRIMARY KEY \("id", "time\.source"\)\n\);/);
  assert.match(split, /CREATE OR REPLACE VIEW public\.v_events AS/);
  assert.match(split, /CREATE OR REPLACE TRIGGER tr_events\n/);
  assert.doesNotMatch(split, /raws_event_id_fkey/);
  assert.throws(() => psqlInitdb(new Harmonization({ event: { x: { type: 'Nope' } }, report: {} })), /Unknown type 'Nope'|Nope/);
});

test('PostgreSQL: one event and a batch land in upstream\'s table; extra as JSON string', async (t) => {
  if (!(await available(t))) return;
  const { table, client, drop } = await createPgTable();
  const out = await createBatchOutput(bot, { engine: 'postgresql', ...PG, sslmode: 'disable', table });
  try {
    assert.equal((await out.one(event(SAMPLE))).error, undefined);
    const batch = [1, 2, 3].map((i) => event({ ...SAMPLE, 'source.port': i, ...(i === 2 ? { 'source.fqdn': 'example.com' } : {}) }));
    const results = await out.batch(batch);
    assert.ok(results!.every((r) => r.error === undefined));
    const rows = (await client.query(`SELECT * FROM ${table} ORDER BY id`)).rows;
    assert.equal(rows.length, 4);
    assert.equal(rows[0]['source.ip'], '192.0.2.1');
    assert.equal(rows[0]['feed.accuracy'], 90.5);
    assert.deepEqual(rows[0]['extra'], { tag: 'ä€' });
    assert.equal(rows[0]['raw'], 'bGluZQ==');
    assert.equal(new Date(rows[0]['time.source']).toISOString(), '2024-01-02T03:04:05.000Z');
    assert.deepEqual(rows.map((r) => r['source.port']), [8080, 1, 2, 3]);
    assert.equal(rows[2]['source.fqdn'], 'example.com');
    assert.equal(rows[1]['source.fqdn'], null);
  } finally {
    await out.close();
    await drop();
  }
});

test('PostgreSQL: a failing row fails the batch atomically; one-by-one then dumps only the bad event', async (t) => {
  if (!(await available(t))) return;
  const { table, client, drop } = await createPgTable();
  const out = await createBatchOutput(bot, { engine: 'postgresql', ...PG, sslmode: 'disable', table, fields: 'source.ip,source.port,feed.name' });
  try {
    await client.query(`ALTER TABLE ${table} ADD CONSTRAINT port_small CHECK ("source.port" < 1000)`);
    assert.ok((await out.batch([event({ ...SAMPLE, 'source.port': 1 }), event({ ...SAMPLE, 'source.port': 2 })]))!.every((r) => r.error === undefined));
    const mixed = await out.batch([event({ ...SAMPLE, 'source.port': 3 }), event({ ...SAMPLE, 'source.port': 5000 }), event({ ...SAMPLE, 'source.port': 4 })]);
    assert.equal(mixed![0]!.error, undefined);
    assert.match(String(mixed![1]!.error), new RegExp(`Inserting into ${table} on PostgreSQL at 127\\.0\\.0\\.1:5432 .*port_small`));
    assert.equal(mixed![2]!.error, undefined);
    const ports = (await client.query(`SELECT "source.port" FROM ${table} ORDER BY id`)).rows.map((r) => r['source.port']);
    assert.deepEqual(ports, [1, 2, 3, 4]);
  } finally {
    await out.close();
    await drop();
  }
});

test('PostgreSQL unreachable: error names host and port; the event is dumped', async () => {
  const port = await freePort();
  const e = event(SAMPLE);
  const r = await runOutput(bot, { engine: 'postgresql', host: '127.0.0.1', port, sslmode: 'disable' }, [e]);
  assert.equal(r.dumps.length, 1);
  assert.equal(r.dumps[0]!.message, e.serialize());
  assert.match(String(r.dumps[0]!.traceback), new RegExp(`Cannot connect to PostgreSQL at 127\\.0\\.0\\.1:${port} \\(database 'intelmq-events', user 'intelmq'\\): .*ECONNREFUSED`));
});

test('SQLite: multi-row insert in one transaction; booleans as integers', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'intelmq-sqlite-')), 'events.sqlite');
  const db = new Database(file);
  db.exec('CREATE TABLE events ("id" INTEGER PRIMARY KEY, "source.ip" text, "source.port" integer, "feed.accuracy" real, "extra" text, "raw" text, "feed.name" text, "classification.type" text, "source.asn" integer, "time.source" text, "source.tor_node" integer)');
  const out = await createBatchOutput(bot, { engine: 'sqlite', database: file });
  try {
    const results = await out.batch([event(SAMPLE), event({ ...SAMPLE, 'source.port': 2, 'source.tor_node': true })]);
    assert.ok(results!.every((r) => r.error === undefined));
    const rows = db.prepare('SELECT * FROM events ORDER BY id').all() as Array<Record<string, unknown>>;
    assert.equal(rows.length, 2);
    assert.equal(rows[0]!['extra'], '{"tag": "ä€"}');
    assert.equal(rows[1]!['source.port'], 2);
    assert.equal(rows[1]!['source.tor_node'], 1);
    const bad = await out.one(event({ ...SAMPLE, 'source.fqdn': 'no-such-column.example' }));
    assert.match(String(bad.error), /Inserting into events of SQLite database '.*' failed: .*source\.fqdn/);
  } finally {
    await out.close();
    db.close();
  }
});

test('engine is required and limited to postgresql and sqlite', async () => {
  await assert.rejects(createBatchOutput(bot, {}), /parameter 'engine' is required/);
  await assert.rejects(createBatchOutput(bot, { engine: 'mssql' }), /parameter 'engine'/);
});
