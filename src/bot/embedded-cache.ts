/**
 * The bots' cache without a Redis server: a table in a SQLite file with an
 * expiry time per key, shared by every bot process of the installation (WAL
 * mode, so the deduplicator's writers and readers do not block each other).
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type Database from 'better-sqlite3';
import type { BotCache } from './declaration.ts';

const MAX_KEYS_PER_QUERY = 256;

export class EmbeddedCache implements BotCache {
  private readonly getStmt: Database.Statement<[string, string, number], { value: string }>;
  private readonly setStmt: Database.Statement<[string, string, string, number | null]>;
  private readonly delStmt: Database.Statement<[string, string]>;
  private readonly purgeStmt: Database.Statement<[number]>;
  private writes = 0;
  private readonly getManyStmts = new Map<number, Database.Statement<unknown[], { key: string; value: string }>>();
  private readonly setManyTx: Database.Transaction<(keys: readonly string[], value: string, ttlSeconds: number | null) => void>;

  /** `redis_cache_db` becomes a namespace column, so bots that Redis would keep apart stay apart here too. */
  private constructor(private readonly db: Database.Database, private readonly defaultTtl: number | null, private readonly ns: string) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    // The deduplicator's keys are hashes: every insert dirties a random page, and each checkpoint
    // fsyncs them into the file. Checkpointing every ~40 MiB of WAL instead of every 4 MiB halves
    // the cost of a write (36 -> 18 µs per key, 100,000 keys).
    db.pragma('wal_autocheckpoint = 10000');
    // SQLite's default page cache, not better-sqlite3's 16 MiB: the OS caches the file anyway (measured: same speed).
    db.pragma('cache_size = -2000');
    db.exec('CREATE TABLE IF NOT EXISTS cache (ns TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, expires REAL, PRIMARY KEY (ns, key))');
    // Sweeping expired rows must not scan a table of millions of live ones.
    db.exec('CREATE INDEX IF NOT EXISTS cache_expires ON cache (expires) WHERE expires IS NOT NULL');
    this.getStmt = db.prepare('SELECT value FROM cache WHERE ns = ? AND key = ? AND (expires IS NULL OR expires > ?)');
    this.setStmt = db.prepare('INSERT INTO cache (ns, key, value, expires) VALUES (?, ?, ?, ?) ON CONFLICT(ns, key) DO UPDATE SET value = excluded.value, expires = excluded.expires');
    this.delStmt = db.prepare('DELETE FROM cache WHERE ns = ? AND key = ?');
    this.purgeStmt = db.prepare('DELETE FROM cache WHERE expires IS NOT NULL AND expires <= ?');
    // One transaction for a whole batch: a commit per key made the deduplicator ~3x slower.
    this.setManyTx = db.transaction((keys: readonly string[], value: string, ttlSeconds: number | null) => {
      const now = Date.now() / 1000;
      const expires = ttlSeconds ? now + ttlSeconds : null;
      for (const key of keys) this.setStmt.run(this.ns, key, value, expires);
      this.countWrites(keys.length, now);
    });
  }

  static async open(path: string, ttl: number | null, namespace: number | string = 0): Promise<EmbeddedCache> {
    mkdirSync(dirname(path), { recursive: true });
    const { default: Sqlite } = await import('better-sqlite3');
    return new EmbeddedCache(new Sqlite(path), ttl, String(namespace));
  }

  async get(key: string): Promise<string | null> {
    return this.getStmt.get(this.ns, key, Date.now() / 1000)?.value ?? null;
  }

  async set(key: string, value: string, ttlSeconds: number | null = this.defaultTtl): Promise<void> {
    const now = Date.now() / 1000;
    this.setStmt.run(this.ns, key, value, ttlSeconds ? now + ttlSeconds : null);
    this.countWrites(1, now);
  }

  /** One `IN (...)` query per 256 keys: a query per key cost three times as much. */
  async getMany(keys: readonly string[]): Promise<Array<string | null>> {
    const now = Date.now() / 1000;
    const found = new Map<string, string>();
    for (let start = 0; start < keys.length; start += MAX_KEYS_PER_QUERY) {
      const chunk = keys.slice(start, start + MAX_KEYS_PER_QUERY);
      // Padding to a power of two (repeating a key changes nothing) bounds the prepared statements to nine.
      const size = 2 ** Math.ceil(Math.log2(chunk.length));
      while (chunk.length < size) chunk.push(chunk[0]!);
      for (const row of this.getManyStmt(size).all(this.ns, now, ...chunk)) found.set(row.key, row.value);
    }
    return keys.map((key) => found.get(key) ?? null);
  }

  private getManyStmt(size: number): Database.Statement<unknown[], { key: string; value: string }> {
    let stmt = this.getManyStmts.get(size);
    if (!stmt) {
      stmt = this.db.prepare(`SELECT key, value FROM cache WHERE ns = ? AND (expires IS NULL OR expires > ?) AND key IN (${'?,'.repeat(size - 1)}?)`);
      this.getManyStmts.set(size, stmt);
    }
    return stmt;
  }

  async setMany(keys: readonly string[], value: string, ttlSeconds: number | null = this.defaultTtl): Promise<void> {
    this.setManyTx.immediate(keys, value, ttlSeconds);
  }

  /** Expired rows would otherwise accumulate; sweeping every 1000 writes keeps the file small. */
  private countWrites(n: number, now: number): void {
    const before = this.writes;
    this.writes += n;
    if (Math.floor(before / 1000) !== Math.floor(this.writes / 1000)) this.purgeStmt.run(now);
  }

  async exists(key: string): Promise<boolean> {
    return (await this.get(key)) !== null;
  }

  async delete(key: string): Promise<void> {
    this.delStmt.run(this.ns, key);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
