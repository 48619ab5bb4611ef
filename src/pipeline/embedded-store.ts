import type Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import type { QueueBatch } from './base.ts';
import { ChangeWatcher } from './embedded-wait.ts';
import { prepareSchema } from './embedded-schema.ts';
import { sleep } from './util.ts';

/**
 * SQLite's own busy handler sleeps 1, 2, 5, 10 … 100 ms between attempts, so
 * a process that commits in a tight loop starves the others (measured: a
 * second consumer got nothing for seconds), and while it sleeps the bot's
 * event loop stands still. So the handler gets one millisecond (enough for
 * readers during the rare WAL recovery), and write transactions retry on
 * SQLITE_BUSY themselves every 1–3 ms (async, the event loop stays free)
 * until LOCK_DEADLINE_MS (measured with four bots on one file: faster than
 * leaving 3 ms to the handler).
 */
const BUSY_TIMEOUT_MS = 1;
const LOCK_DEADLINE_MS = 15_000;
/** Rows per multi-row INSERT: one statement step instead of 32 (a parser enqueues ~1000 events per batch). */
const ROWS_PER_INSERT = 32;
const rowValues: string[] = new Array<string>(2 * ROWS_PER_INSERT);

interface ClaimRange {
  readonly first: number;
  readonly last: number;
}

export interface StoredMessage {
  readonly id: number;
  /** Text as enqueued by bots; bytes when another writer stored a BLOB (possibly not UTF-8). */
  readonly body: string | Buffer;
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
  private readonly enqueueTx: (batch: QueueBatch, ack: null) => Promise<void>;
  private readonly enqueueAcknowledgingTx: (batch: QueueBatch, ack: InFlight) => Promise<void>;
  private readonly ackTx: (held: InFlight) => Promise<void>;
  private readonly handOverTx: (queue: string, fromWorker: number) => Promise<number>;
  private readonly clearTx: (queue: string) => Promise<void>;

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    // Loaded on first use, so bots on other brokers do not map the native library.
    const Sqlite = createRequire(import.meta.url)('better-sqlite3') as typeof Database;
    this.db = new Sqlite(path, { timeout: BUSY_TIMEOUT_MS });
    prepareSchema(this.db, BUSY_TIMEOUT_MS);
    const db = this.db;
    // better-sqlite3 builds SQLite with a 16 MiB page cache per connection; queues work at the tail
    // of one table, and SQLite's own default (2 MiB) took 10-30 MiB off every bot at the same speed.
    db.pragma('cache_size = -2000');
    // WAL with synchronous=NORMAL survives a killed process but may lose the
    // last commits on power loss; FULL fsyncs the WAL at every commit. The WAL
    // is one log replayed in order, so a power loss only ever undoes a suffix
    // of the transaction history, and every FULL commit makes all before it
    // durable. Hence NORMAL is safe for every transaction whose loss only
    // re-delivers: claims, acknowledgements, and an enqueue that acknowledges
    // its own input in the same transaction (undone, input and output come
    // back together). A plain enqueue must be FULL: its input was acknowledged
    // elsewhere (another broker, a mailbox, a TCP peer), so rolled back, the
    // message would be gone. A bot between two embedded queues thus never
    // waits for the disk; collectors and bots fed by Redis or AMQP do.
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
      claims: db.prepare<[string, number], ClaimRange>('SELECT first, last FROM claim WHERE queue = ? AND worker = ? ORDER BY first'),
      range: db.prepare<[string, number, number, number], StoredMessage>('SELECT id, body FROM message WHERE queue = ? AND id BETWEEN ? AND ? ORDER BY id LIMIT ?'),
      taken: db.prepare<[string], { taken: number }>('SELECT taken FROM queue WHERE name = ?'),
      next: db.prepare<[string, number, number], StoredMessage>('SELECT id, body FROM message WHERE queue = ? AND id > ? ORDER BY id LIMIT ?'),
      addClaim: db.prepare<[string, number, number, number]>('INSERT INTO claim (queue, worker, first, last) VALUES (?, ?, ?, ?)'),
      dropClaim: db.prepare<[string, number, number]>('DELETE FROM claim WHERE queue = ? AND worker = ? AND first = ?'),
      markTaken: db.prepare<[number, number, number, string]>('UPDATE queue SET taken = ?, waiting = waiting - ?, in_flight = in_flight + ? WHERE name = ?'),
      insert: db.prepare<[string, string]>('INSERT INTO message (queue, body) VALUES (?, ?)'),
      insertRows: db.prepare<string[]>(`INSERT INTO message (queue, body) VALUES ${Array.from({ length: ROWS_PER_INSERT }, () => '(?, ?)').join(', ')}`),
      removeRange: db.prepare<[string, number, number]>('DELETE FROM message WHERE queue = ? AND id BETWEEN ? AND ?'),
      countRange: db.prepare<[string, number, number], { n: number }>('SELECT count(*) AS n FROM message WHERE queue = ? AND id BETWEEN ? AND ?'),
      handOver: db.prepare<[string, number], ClaimRange>('UPDATE claim SET worker = 0 WHERE queue = ? AND worker >= ? RETURNING first, last'),
      clear: db.prepare<[string, number]>('DELETE FROM message WHERE queue = ? AND id > ?'),
      adjust: db.prepare<[string, number, number]>(
        'INSERT INTO queue (name, waiting, in_flight) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET waiting = waiting + excluded.waiting, in_flight = in_flight + excluded.in_flight',
      ),
      sizes: db.prepare<[string], { waiting: number; in_flight: number }>('SELECT waiting, in_flight FROM queue WHERE name = ?'),
      nonEmpty: db.prepare<[], { name: string }>('SELECT name FROM queue WHERE waiting > 0 OR in_flight > 0'),
    };
    const s = this.statements;

    this.claimTx = immediate(false, (queue: string, worker: number, max: number) => {
      // Ranges this worker index already holds come first: a consumer that
      // died or rejected them claimed them, like Redis' internal list.
      const rows: StoredMessage[] = [];
      for (const range of s.claims.all(queue, worker)) {
        rows.push(...s.range.all(queue, range.first, range.last, max - rows.length));
        if (rows.length >= max) return rows;
      }
      const taken = s.taken.get(queue)?.taken ?? 0;
      const fresh = s.next.all(queue, taken, max - rows.length);
      const first = fresh[0];
      const last = fresh.at(-1);
      if (first === undefined || last === undefined) return rows;
      s.addClaim.run(queue, worker, first.id, last.id);
      s.markTaken.run(last.id, fresh.length, fresh.length, queue);
      return rows.length === 0 ? fresh : rows.concat(fresh);
    });
    const removeHeld = (held: InFlight): void => {
      let removed = 0;
      for (const range of s.claims.all(held.queue, held.worker)) {
        if (range.first > held.maxId) break;
        removed += s.removeRange.run(held.queue, range.first, Math.min(range.last, held.maxId)).changes;
        s.dropClaim.run(held.queue, held.worker, range.first);
        if (range.last > held.maxId) s.addClaim.run(held.queue, held.worker, held.maxId + 1, range.last);
      }
      s.adjust.run(held.queue, 0, -removed);
    };
    const enqueue = (batch: QueueBatch, ack: InFlight | null): void => {
      for (const [queue, messages] of batch) {
        // Bound as a string, SQLite stores TEXT: no Buffer per message on either side.
        let i = 0;
        for (; i + ROWS_PER_INSERT <= messages.length; i += ROWS_PER_INSERT) {
          for (let j = 0; j < ROWS_PER_INSERT; j++) {
            rowValues[2 * j] = queue;
            rowValues[2 * j + 1] = messages[i + j]!;
          }
          s.insertRows.run(...rowValues);
        }
        for (; i < messages.length; i++) s.insert.run(queue, messages[i]!);
        s.adjust.run(queue, messages.length, 0);
      }
      if (ack !== null) removeHeld(ack);
    };
    this.ackTx = immediate(false, removeHeld);
    this.enqueueTx = immediate(true, enqueue);
    this.enqueueAcknowledgingTx = immediate(false, enqueue);
    this.handOverTx = immediate(true, (queue: string, fromWorker: number) => {
      let moved = 0;
      for (const range of s.handOver.all(queue, fromWorker)) moved += s.countRange.get(queue, range.first, range.last)?.n ?? 0;
      return moved;
    });
    this.clearTx = immediate(true, (queue: string) => {
      const removed = s.clear.run(queue, s.taken.get(queue)?.taken ?? 0).changes;
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
    return ack === null ? this.enqueueTx(batch, null) : this.enqueueAcknowledgingTx(batch, ack);
  }

  /**
   * Gives the in-flight messages of workers >= `fromWorker` (workers that no
   * longer exist) to worker 0, whose next claims return them first; returns how many.
   */
  handOverRetired(queue: string, fromWorker: number): Promise<number> {
    return this.handOverTx(queue, fromWorker);
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
