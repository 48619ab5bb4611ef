/**
 * Two feeds end to end, in process: a local HTTP server serves a Feodo
 * Tracker JSON and a Spamhaus DROP list; the HTTP collector fetches them,
 * the upstream parsers turn them into events, and the file output and the
 * PostgreSQL output both store them. The rows in PostgreSQL must equal the
 * lines in the file.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createContext } from '../../src/bot/context.ts';
import { resolveParameters } from '../../src/bot/params.ts';
import { BotRunner } from '../../src/bot/runner.ts';
import { loadBot } from '../../src/bots/registry.ts';
import { psqlInitdb } from '../../src/bots/outputs/sql/initdb.ts';
import { startServer } from '../../src/bots/collectors/_shared/testing-server.ts';
import { HARNESS_DEFAULTS, MemoryLogger, createInMemoryBot } from '../../src/conformance/harness.ts';
import { packagedHarmonization } from '../../src/message/index.ts';
import { requireService, tcpProbe } from '../helpers/services.ts';

const PG = { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' };
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const harmonization = packagedHarmonization();

const FEEDS = [
  { path: '/feodo/ipblocklist.json', body: fixture('feodotracker-ipblocklist.json'), name: 'Feodo Tracker', provider: 'Abuse.ch', parser: 'intelmq.bots.parsers.abusech.parser_feodotracker' },
  { path: '/spamhaus/drop.txt', body: fixture('spamhaus-drop.txt'), name: 'Spamhaus Drop', provider: 'Spamhaus', parser: 'intelmq.bots.parsers.spamhaus.parser_drop' },
] as const;

/** One run of the HTTP collector through the runner, which adds the feed.* parameters as the runtime does. */
async function collect(params: Record<string, unknown>): Promise<string[]> {
  const declaration = await loadBot('intelmq.bots.collectors.http.collector_http');
  const logger = new MemoryLogger();
  const resolved = resolveParameters(declaration.parameters, { ...HARNESS_DEFAULTS, ...params }, 'http-collector', 'test parameters');
  const ctx = createContext({ botId: 'http-collector', params: resolved, logger, harmonization, paths: { configDir: '.', varStatePath: '.', loggingPath: null } });
  const instance = await declaration.create(ctx as never);
  const runner = new BotRunner({ declaration, instance, params: resolved, logger, paths: new Set(['_default']), harmonization });
  try {
    const result = await runner.collect();
    assert.equal(result.error, undefined, String(result.error));
    return result.outputs.map((o) => o.message);
  } finally {
    await runner.shutdown();
  }
}

async function runBot(module: string, params: Record<string, unknown>, input: string[], paths: string[] = ['_default']) {
  const b = await createInMemoryBot(await loadBot(module), { params, paths, harmonization });
  try {
    const r = await b.run(input);
    assert.deepEqual(r.dumps, [], `${module} dumped messages`);
    return r.output;
  } finally {
    await b.close();
  }
}

/** A PostgreSQL row as the flat event the file output writes: no nulls, no id, extra.* expanded, times as IntelMQ writes them. */
function rowAsEvent(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (v === null || k === 'id') continue;
    if (k === 'extra') for (const [ek, ev] of Object.entries(v as Record<string, unknown>)) out[`extra.${ek}`] = ev;
    else if (v instanceof Date) out[k] = v.toISOString().replace(/\.000Z$/, '+00:00');
    else out[k] = v;
  }
  return out;
}

test('feodotracker and spamhaus drop: HTTP → parsers → file and PostgreSQL hold the same events', async (t: TestContext) => {
  if (!(await requireService(t, `postgresql at ${PG.host}:${PG.port}`, tcpProbe(PG.host, PG.port)))) return;
  const web = await startServer((req, res) => {
    const feed = FEEDS.find((f) => f.path === req.url);
    res.statusCode = feed ? 200 : 404;
    res.end(feed?.body ?? '');
  });
  const table = `intelmq_e2e_${process.pid}_${Date.now()}`;
  const client = new pg.Client(PG);
  await client.connect();
  try {
    // Only the table: the index names of upstream's script are fixed and would collide between runs.
    await client.query(psqlInitdb(harmonization).split('\nCREATE INDEX')[0]!.replace('CREATE TABLE events (', `CREATE TABLE ${table} (`));
    const events: string[] = [];
    for (const feed of FEEDS) {
      const reports = await collect({ http_url: `${web.url}${feed.path}`, name: feed.name, provider: feed.provider });
      assert.equal(reports.length, 1);
      const report = JSON.parse(reports[0]!);
      assert.equal(report['feed.name'], feed.name);
      assert.equal(report['feed.url'], `${web.url}${feed.path}`);
      const parsed = (await runBot(feed.parser, {}, reports))['_default']!;
      assert.ok(parsed.length > 0, `${feed.parser} produced no events`);
      events.push(...parsed);
    }
    assert.equal(events.length, 4 + 2);

    const file = join(mkdtempSync(join(tmpdir(), 'intelmq-e2e-')), 'events.txt');
    await runBot('intelmq.bots.outputs.file.output', { file, keep_raw_field: true }, events, []);
    await runBot('intelmq.bots.outputs.sql.output', { engine: 'postgresql', ...PG, sslmode: 'disable', table }, events, []);

    const fileEvents = readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const rows = (await client.query(`SELECT * FROM ${table} ORDER BY id`)).rows.map(rowAsEvent);
    assert.equal(fileEvents.length, events.length);
    assert.deepEqual(rows, fileEvents);
    assert.ok(rows.some((r) => r['source.ip'] === '51.178.161.32' && r['malware.name'] === 'dridex' && r['feed.name'] === 'Feodo Tracker'));
    assert.ok(rows.some((r) => r['source.network'] === '2a06:e480::/29' && r['classification.type'] === 'spam'));
  } finally {
    await client.query(`DROP TABLE IF EXISTS ${table}`);
    await client.end();
    await web.close();
  }
});
