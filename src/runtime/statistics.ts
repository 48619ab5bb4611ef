/**
 * Per-bot counters. Written to Redis with upstream's key names
 * (`<id>.temporary.<path>` with 2 s TTL, `<id>.total.<path>`,
 * `<id>.stats.success|failure`) so upstream tools read them, and to a small
 * JSON file in `var/run/` so `intelmqctl status` shows them without Redis.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { redisOptionsFromHost } from '../bot/cache.ts';
import { atomicWriteFile } from '../config/write-file.ts';
import { genericDefault } from '../config/global-defaults.ts';
import { StatisticsRedis } from './statistics-redis.ts';

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
  private readonly redis: StatisticsRedis;

  constructor(private readonly o: StatisticsOptions) {
    for (const p of o.paths) this.total[p] = 0;
    const { statistics_host: host, statistics_port: port, statistics_database: db, statistics_password: password } = o.params;
    const target = redisOptionsFromHost(
      String(host ?? genericDefault('statistics_host')),
      Number(port ?? genericDefault('statistics_port')),
      Number(db ?? genericDefault('statistics_database')),
      (password as string | null | undefined) ?? genericDefault('statistics_password'),
    );
    this.redis = new StatisticsRedis(target, (msg) => o.onDebug(msg));
  }

  sent(path: string, n = 1): void {
    this.total[path] = (this.total[path] ?? 0) + n;
    this.temporary[path] = (this.temporary[path] ?? 0) + n;
  }

  snapshot(): StatsSnapshot {
    return { pid: process.pid, bot_id: this.o.botId, success: this.success, failure: this.failure, total: { ...this.total }, paused: this.paused, updated: new Date().toISOString() };
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
    const id = this.o.botId;
    const commands: string[][] = [];
    for (const [path, n] of Object.entries(this.temporary)) commands.push(['SET', `${id}.temporary.${path}`, String(n), 'EX', '2']);
    for (const [path, n] of Object.entries(this.total)) commands.push(['SET', `${id}.total.${path}`, String(n)]);
    commands.push(['SET', `${id}.stats.success`, String(this.success)], ['SET', `${id}.stats.failure`, String(this.failure)]);
    this.temporary = {};
    await this.redis.send(commands);
  }

  async close(): Promise<void> {
    await this.flush(true);
    this.redis.close();
  }
}
