/**
 * Per-bot counters. Written to Redis with upstream's key names
 * (`<id>.temporary.<path>` with 2 s TTL, `<id>.total.<path>`,
 * `<id>.stats.success|failure`) so upstream tools read them, and to a small
 * JSON file in `var/run/` so `intelmqctl status` shows them without Redis.
 */
import type { Redis } from 'ioredis';
import { redisOptionsFromHost } from '../bot/cache.ts';
import { mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname } from 'node:path';
import { atomicWriteFile } from '../config/write-file.ts';

function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(500, () => done(false));
    s.once('error', () => done(false));
    s.once('connect', () => done(true));
  });
}

export interface StatisticsOptions {
  botId: string;
  paths: readonly string[];
  params: Readonly<Record<string, unknown>>;
  /** `var/run/<id>.stats.json`; null: no file. */
  file: string | null;
  onDebug(msg: string): void;
}

export interface StatsSnapshot {
  pid: number;
  bot_id: string;
  success: number;
  failure: number;
  total: Record<string, number>;
  paused: boolean;
  updated: string;
}

const FLUSH_INTERVAL_MS = 2000;

export class Statistics {
  success = 0;
  failure = 0;
  paused = false;
  private readonly total: Record<string, number> = {};
  private temporary: Record<string, number> = {};
  private lastFlush = 0;
  private redis: Redis | null = null;
  private nextProbe = 0;

  constructor(private readonly o: StatisticsOptions) {
    for (const p of o.paths) this.total[p] = 0;
  }

  sent(path: string, n = 1): void {
    this.total[path] = (this.total[path] ?? 0) + n;
    this.temporary[path] = (this.temporary[path] ?? 0) + n;
  }

  snapshot(): StatsSnapshot {
    return { pid: process.pid, bot_id: this.o.botId, success: this.success, failure: this.failure, total: { ...this.total }, paused: this.paused, updated: new Date().toISOString() };
  }

  private async client(): Promise<Redis | null> {
    if (this.redis) return this.redis;
    if (Date.now() < this.nextProbe) return null;
    const p = this.o.params;
    const host = String(p['statistics_host'] ?? '127.0.0.1');
    // Probe before loading the client: a site without Redis should not pay its memory in every bot.
    if (!host.startsWith('/') && !host.startsWith('unix://') && !(await reachable(host, Number(p['statistics_port'] ?? 6379)))) {
      this.nextProbe = Date.now() + 60_000;
      this.o.onDebug(`Statistics Redis at ${host}:${String(p['statistics_port'])} is unreachable; statistics go to the file only.`);
      return null;
    }
    const { Redis } = await import('ioredis');
    const opts = redisOptionsFromHost(String(p['statistics_host'] ?? '127.0.0.1'), Number(p['statistics_port'] ?? 6379), Number(p['statistics_database'] ?? 3), (p['statistics_password'] as string | null) ?? null);
    this.redis = new Redis({ ...opts, lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: false, retryStrategy: (n) => Math.min(n * 1000, 30_000) });
    this.redis.on('error', () => undefined);
    return this.redis;
  }

  /** Flushes when due (or when forced); never throws: statistics must not stop a bot. */
  async flush(force = false): Promise<void> {
    const now = Date.now();
    if (!force && now - this.lastFlush < FLUSH_INTERVAL_MS) return;
    this.lastFlush = now;
    if (this.o.file) {
      try {
        mkdirSync(dirname(this.o.file), { recursive: true });
        atomicWriteFile(this.o.file, JSON.stringify(this.snapshot()));
      } catch (e) {
        this.o.onDebug(`Failed to write statistics file ${this.o.file}: ${(e as Error).message}.`);
      }
    }
    const redis = await this.client();
    if (!redis || redis.status !== 'ready') return;
    const id = this.o.botId;
    const m = redis.multi();
    for (const [path, n] of Object.entries(this.temporary)) m.set(`${id}.temporary.${path}`, String(n), 'EX', 2);
    for (const [path, n] of Object.entries(this.total)) m.set(`${id}.total.${path}`, String(n));
    m.set(`${id}.stats.success`, String(this.success));
    m.set(`${id}.stats.failure`, String(this.failure));
    this.temporary = {};
    try {
      await m.exec();
    } catch {
      this.o.onDebug('Failed to write statistics to cache, check your statistics_* settings.');
    }
  }

  async close(): Promise<void> {
    await this.flush(true);
    this.redis?.disconnect();
    this.redis = null;
  }
}
