import type Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import type { QueueBatch } from './base.ts';
import { ChangeWatcher } from './embedded-wait.ts';
import { sleep } from './util.ts';

/**
 * SQLite's own busy handler sleeps 1, 2, 5, 10 … 100 ms between attempts, so
 * a process that commits in a tight loop (fsync under the write lock, a few
 * microseconds between transactions) starves the others: measured, a second
 * consumer got nothing for seconds. So the handler only gets a few
 * milliseconds, and write transactions retry on SQLITE_BUSY themselves every
 * 1–3 ms (async, the event loop stays free) until LOCK_DEADLINE_MS.
 */
const BUSY_TIMEOUT_MS = 3;
const LOCK_DEADLINE_MS = 15_000;

/**
 * One table of messages for all queues. `worker` is NULL while a message
 * waits and holds the consumer's worker index while it is in flight, the
 * counterpart of Redis' `<queue>-internal` lists. Rowids only grow, so id
 * order is FIFO order. The `queue` table keeps per-queue counters, updated
 * in the same transactions, so sizes are O(1) lookups (bots check them
 * against high-water marks before every batch).
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS message (
  id INTEGER PRIMARY KEY,
  queue TEXT NOT NULL,
  worker INTEGER,
  body BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS message_waiting ON message (queue, id) WHERE worker IS NULL;
CREATE INDEX IF NOT EXISTS message_in_flight ON message (queue, worker, id) WHERE worker IS NOT NULL;
CREATE TABLE IF NOT EXISTS queue (
  name TEXT PRIMARY KEY,
  waiting INTEGER NOT NULL DEFAULT 0,
  in_flight INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
`;

export interface StoredMessage {
  readonly id: number;
  readonly body: Buffer;
}

/** The in-flight rows a consumer holds: all rows of its worker index up to `maxId`. */
export interface InFlight {
  readonly queue: string;
  readonly worker: number;
  readonly maxId: number;
}

/**
 * The SQLite database behind the embedded broker, with its statements
 * prepared once. Several bot processes open the same file; each process keeps
 * one handle per file, shared by its brokers (see `openStore`), so a source and
 * a destination broker can enqueue and acknowledge in one transaction.
 */
export class EmbeddedStore {
  readonly changes: ChangeWatcher;
  private readonly db: Database.Database;
  private readonly statements;
  private readonly claimTx: (queue: string, worker: number, max: number) => Promise<StoredMessage[]>;
  private readonly writeTx: (batch: QueueBatch, ack: InFlight | null) => Promise<void>;
  private readonly ackTx: (held: InFlight) => Promise<void>;
  private readonly releaseTx: (queue: string, fromWorker: number) => Promise<number>;
  private readonly clearTx: (queue: string) => Promise<void>;

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    // Loaded on first use, so bots on other brokers do not map the native library.
    const Sqlite = createRequire(import.meta.url)('better-sqlite3') as typeof Database;
    this.db = new Sqlite(path, { timeout: BUSY_TIMEOUT_MS });
    this.db.pragma('journal_mode = WAL');
    this.db.exec(SCHEMA);
    const db = this.db;
    // WAL with synchronous=NORMAL survives a killed process but may lose the
    // last commits on power loss; FULL fsyncs the WAL at every commit. An
    // enqueue must be FULL: rolled back, the message is gone for good when its
    // input was acknowledged elsewhere (another broker, a mailbox, a TCP
    // peer). Claims and plain acknowledgements may be NORMAL: losing one only
    // puts messages back in the queue (a duplicate at worst), and since the
    // WAL is replayed in order, the next FULL commit makes them durable too.
    // That halves the fsyncs of a bot's receive → send → acknowledge cycle.
    let synchronous = '';
    const immediate = <A extends unknown[], R>(durable: boolean, body: (...args: A) => R): ((...args: A) => Promise<R>) => {
      const tx = db.transaction(body);
      const level = durable ? 'FULL' : 'NORMAL';
      return async (...args: A) => {
        const deadline = performance.now() + LOCK_DEADLINE_MS;
        for (;;) {
          try {
            if (synchronous !== level) {
              db.pragma(`synchronous = ${level}`);
              synchronous = level;
            }
            // IMMEDIATE takes the write lock up front, so the transaction never fails half-way on a lock upgrade.
            return tx.immediate(...args);
          } catch (error) {
            if ((error as { code?: unknown }).code !== 'SQLITE_BUSY' || performance.now() > deadline) throw error;
            await sleep(1 + Math.random() * 2);
          }
        }
      };
    };
    this.statements = {
      owned: db.prepare<[string, number, number], StoredMessage>('SELECT id, body FROM message WHERE queue = ? AND worker = ? ORDER BY id LIMIT ?'),
      take: db.prepare<[number, string, number], StoredMessage>(
        'UPDATE message SET worker = ? WHERE id IN (SELECT id FROM message WHERE queue = ? AND worker IS NULL ORDER BY id LIMIT ?) RETURNING id, body',
      ),
      insert: db.prepare<[string, Buffer]>('INSERT INTO message (queue, body) VALUES (?, ?)'),
      remove: db.prepare<[string, number, number]>('DELETE FROM message WHERE queue = ? AND worker = ? AND id <= ?'),
      release: db.prepare<[string, number]>('UPDATE message SET worker = NULL WHERE queue = ? AND worker >= ?'),
      clear: db.prepare<[string]>('DELETE FROM message WHERE queue = ? AND worker IS NULL'),
      adjust: db.prepare<[string, number, number]>(
        'INSERT INTO queue (name, waiting, in_flight) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET waiting = waiting + excluded.waiting, in_flight = in_flight + excluded.in_flight',
      ),
      sizes: db.prepare<[string], { waiting: number; in_flight: number }>('SELECT waiting, in_flight FROM queue WHERE name = ?'),
      nonEmpty: db.prepare<[], { name: string }>('SELECT name FROM queue WHERE waiting > 0 OR in_flight > 0'),
    };
    const s = this.statements;

    this.claimTx = immediate(false, (queue: string, worker: number, max: number) => {
      // Rows this worker index already holds come first: they were claimed by
      // a consumer that died or rejected them, like Redis' internal list.
      const owned = s.owned.all(queue, worker, max);
      if (owned.length >= max) return owned;
      const taken = s.take.all(worker, queue, max - owned.length);
      if (taken.length === 0) return owned;
      taken.sort((a, b) => a.id - b.id);
      s.adjust.run(queue, -taken.length, taken.length);
      return owned.concat(taken);
    });
    const removeHeld = (held: InFlight): void => {
      const removed = s.remove.run(held.queue, held.worker, held.maxId).changes;
      s.adjust.run(held.queue, 0, -removed);
    };
    this.ackTx = immediate(false, removeHeld);
    this.writeTx = immediate(true, (batch: QueueBatch, ack: InFlight | null) => {
      for (const [queue, messages] of batch) {
        for (const message of messages) s.insert.run(queue, Buffer.from(message, 'utf8'));
        s.adjust.run(queue, messages.length, 0);
      }
      if (ack !== null) removeHeld(ack);
    });
    this.releaseTx = immediate(true, (queue: string, fromWorker: number) => {
      const released = s.release.run(queue, fromWorker).changes;
      if (released > 0) s.adjust.run(queue, released, -released);
      return released;
    });
    this.clearTx = immediate(true, (queue: string) => {
      const removed = s.clear.run(queue).changes;
      s.adjust.run(queue, -removed, 0);
    });
    this.changes = new ChangeWatcher(path);
  }

  /** Up to `max` messages for `worker`, oldest first: rows it already holds, then waiting ones. */
  claim(queue: string, worker: number, max: number): Promise<StoredMessage[]> {
    return this.claimTx(queue, worker, max);
  }

  acknowledge(held: InFlight): Promise<void> {
    return this.ackTx(held);
  }

  /** Enqueues the batch and, when given, removes the acknowledged rows in the same transaction. */
  write(batch: QueueBatch, ack: InFlight | null): Promise<void> {
    return this.writeTx(batch, ack);
  }

  /** Puts back the in-flight rows of workers >= `fromWorker` (workers that no longer exist); returns how many. */
  releaseWorkers(queue: string, fromWorker: number): Promise<number> {
    return this.releaseTx(queue, fromWorker);
  }

  clear(queue: string): Promise<void> {
    return this.clearTx(queue);
  }

  waiting(queue: string): number {
    return this.statements.sizes.get(queue)?.waiting ?? 0;
  }

  inFlight(queue: string): number {
    return this.statements.sizes.get(queue)?.in_flight ?? 0;
  }

  nonEmptyQueues(): Set<string> {
    return new Set(this.statements.nonEmpty.all().map((row) => row.name));
  }

  close(): void {
    this.changes.close();
    this.db.close();
  }
}

const open = new Map<string, { store: EmbeddedStore; users: number }>();

/** The process-wide store for a database file, opened on first use. */
export function openStore(path: string): EmbeddedStore {
  const key = resolve(path);
  const entry = open.get(key);
  if (entry) {
    entry.users += 1;
    return entry.store;
  }
  const store = new EmbeddedStore(key);
  open.set(key, { store, users: 1 });
  return store;
}

/** Releases one use of the store; the last user closes the database. */
export function closeStore(store: EmbeddedStore): void {
  const entry = open.get(store.path);
  if (!entry || entry.store !== store) return;
  entry.users -= 1;
  if (entry.users === 0) {
    open.delete(store.path);
    store.close();
  }
}
