import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { runConformance } from '../../src/pipeline/conformance.ts';
import { EmbeddedAdmin, EmbeddedBroker } from '../../src/pipeline/embedded.ts';
import type { PipelineConfig } from '../../src/pipeline/broker.ts';
import { Child } from './child.ts';

const dir = mkdtempSync(join(tmpdir(), 'intelmq-embedded-'));
const path = join(dir, 'var/lib/broker.sqlite3');
after(() => rmSync(dir, { recursive: true, force: true }));

/** Another writer of the same file, used the way a foreign producer writes the documented schema. */
function sql<T>(use: (db: Database.Database) => T): T {
  const db = new Database(path, { timeout: 15_000 });
  try {
    return use(db);
  } finally {
    db.close();
  }
}

runConformance({
  name: 'embedded',
  available: async () => true,
  broker: (config) => new EmbeddedBroker(config, { path }),
  admin: () => new EmbeddedAdmin({ path }),
  injectRaw: async (queue, body) =>
    sql((db) => {
      db.prepare('INSERT INTO message (queue, body) VALUES (?, ?)').run(queue, body);
      db.prepare('INSERT INTO queue (name, waiting) VALUES (?, 1) ON CONFLICT (name) DO UPDATE SET waiting = waiting + 1').run(queue);
    }),
  cleanup: async (prefix) =>
    sql((db) => {
      db.prepare("DELETE FROM message WHERE substr(queue, 1, ?) = ?").run(prefix.length, prefix);
      db.prepare("DELETE FROM queue WHERE substr(name, 1, ?) = ?").run(prefix.length, prefix);
    }),
});

let counter = 0;
function queueName(): string {
  counter += 1;
  return `emb-${process.pid}-${counter}`;
}

function broker(config: Partial<PipelineConfig>): EmbeddedBroker {
  return new EmbeddedBroker({ sourceQueue: null, destinations: {}, loadBalance: false, worker: 0, workers: 1, logger: () => {}, ...config }, { path });
}

async function fill(queue: string, count: number, part = 0): Promise<string[]> {
  const messages = Array.from({ length: count }, (_, i) => `m${String(part * count + i).padStart(5, '0')}`);
  const producer = broker({ destinations: { _default: [queue] } });
  await producer.connect();
  await producer.sendBatch(messages.map((message) => ({ message })));
  await producer.disconnect();
  return messages;
}

async function drainAll(queue: string): Promise<string[]> {
  const consumer = broker({ sourceQueue: queue });
  await consumer.connect();
  const out: string[] = [];
  for (;;) {
    const batch = await consumer.receiveBatch(500, 200);
    if (batch.length === 0) break;
    out.push(...batch.map(String));
    await consumer.acknowledge();
  }
  await consumer.disconnect();
  return out;
}

describe('embedded broker across processes', () => {
  it('redelivers a batch claimed by a process killed with SIGKILL', { timeout: 30_000 }, async () => {
    const queue = queueName();
    const messages = await fill(queue, 30);
    const child = new Child('fixtures/embedded-child.ts', [path, 'claim', queue, '10']);
    assert.equal(await child.waitForLine((line) => line.startsWith('claimed')), 'claimed 10');
    await child.kill();
    const admin = new EmbeddedAdmin({ path });
    assert.deepEqual(await admin.inFlight([queue]), { [queue]: 10 });
    assert.deepEqual(await admin.count([queue]), { [queue]: 20 });
    await admin.close();
    assert.deepEqual(await drainAll(queue), messages);
  });

  it('two consumer processes on one queue never get the same message', { timeout: 30_000 }, async () => {
    const queue = queueName();
    const children = [0, 1].map((worker) => new Child('fixtures/embedded-child.ts', [path, 'consume', queue, String(worker), '2']));
    await Promise.all(children.map((child) => child.waitForLine((line) => line === 'ready')));
    const messages: string[] = [];
    for (let part = 0; part < 20; part++) messages.push(...(await fill(queue, 100, part)));
    await Promise.all(children.map((child) => child.finished()));
    const received = children.flatMap((child) => child.lines.filter((line) => line !== 'ready'));
    assert.equal(new Set(received).size, received.length, 'a message was delivered twice');
    assert.deepEqual(received.sort(), messages.sort());
    assert.ok(children.every((child) => child.lines.length > 0), 'both processes got work');
  });

  it('a relay killed mid-stream forwards every message exactly once (send+ack is one transaction)', { timeout: 30_000 }, async () => {
    const queue = queueName();
    const out = `${queue}-out`;
    const messages = await fill(queue, 5000);
    const first = new Child('fixtures/embedded-child.ts', [path, 'relay', queue, out]);
    await first.waitForLine((line) => Number(line.split(' ')[1]) >= 1000);
    await first.kill();
    const second = new Child('fixtures/embedded-child.ts', [path, 'relay', queue, out]);
    await second.finished();
    assert.deepEqual(await drainAll(out), messages);
  });
});

describe('embedded broker waiting', () => {
  it('an idle consumer sleeps instead of spinning', { timeout: 10_000 }, async () => {
    const consumer = broker({ sourceQueue: queueName() });
    await consumer.connect();
    const cpu = process.cpuUsage();
    assert.deepEqual(await consumer.receiveBatch(10, 1500), []);
    const used = process.cpuUsage(cpu);
    await consumer.disconnect();
    assert.ok(used.user + used.system < 150_000, `idle wait used ${(used.user + used.system) / 1000} ms CPU`);
  });
});

describe('embedded broker schema', () => {
  it('upgrades a version 1 database (intelmq-ts 0.1.0): waiting and in-flight messages are all delivered, in order', { timeout: 10_000 }, async () => {
    const oldPath = join(dir, 'v1/broker.sqlite3');
    mkdirSync(dirname(oldPath), { recursive: true });
    const old = new Database(oldPath);
    old.exec(`
      CREATE TABLE message (id INTEGER PRIMARY KEY, queue TEXT NOT NULL, worker INTEGER, body BLOB NOT NULL);
      CREATE INDEX message_waiting ON message (queue, id) WHERE worker IS NULL;
      CREATE INDEX message_in_flight ON message (queue, worker, id) WHERE worker IS NOT NULL;
      CREATE TABLE queue (name TEXT PRIMARY KEY, waiting INTEGER NOT NULL DEFAULT 0, in_flight INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
      INSERT INTO message (id, queue, worker, body) VALUES (1, 'q', 0, 'a'), (2, 'q', NULL, 'b'), (3, 'other', NULL, 'x'), (4, 'q', 1, 'c'), (5, 'q', NULL, 'd');
      INSERT INTO queue VALUES ('q', 2, 2), ('other', 1, 0);
    `);
    old.close();
    const consumer = new EmbeddedBroker({ sourceQueue: 'q', destinations: {}, loadBalance: false, worker: 0, workers: 1, logger: () => {} }, { path: oldPath });
    await consumer.connect();
    assert.deepEqual((await consumer.receiveBatch(10, 100)).map(String), ['a', 'b', 'c', 'd']);
    await consumer.acknowledge();
    await consumer.disconnect();
    const admin = new EmbeddedAdmin({ path: oldPath });
    assert.deepEqual(await admin.count(['q', 'other']), { q: 0, other: 1 });
    assert.deepEqual(await admin.inFlight(['q']), { q: 0 });
    await admin.close();
  });

  it('never hands out an id twice, also after the newest message was acknowledged and the process restarted', { timeout: 10_000 }, async () => {
    const queue = queueName();
    await fill(queue, 3);
    assert.equal((await drainAll(queue)).length, 3);
    const later = await fill(queue, 2, 1);
    assert.deepEqual(await drainAll(queue), later);
  });
});
