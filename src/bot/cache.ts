/**
 * The bots' key-value cache (upstream's CacheMixin): Redis at
 * `redis_cache_host/port/db/password`, keys set with SET and EXPIRE so that a
 * Python bot sharing the Redis reads and writes the same entries.
 */
import type { Redis } from 'ioredis';
import type { BotCache } from './declaration.ts';

export interface CacheParameters {
  redis_cache_host?: unknown;
  redis_cache_port?: unknown;
  redis_cache_db?: unknown;
  redis_cache_password?: unknown;
  redis_cache_ttl?: unknown;
}

export function redisOptionsFromHost(host: string, port: number, db: number, password: string | null) {
  const common = { db, password: password ?? undefined, connectTimeout: 5000, maxRetriesPerRequest: 3, lazyConnect: true };
  if (host.startsWith('unix://')) return { ...common, path: host.slice('unix://'.length) };
  if (host.startsWith('/')) return { ...common, path: host };
  return { ...common, host, port };
}

export class RedisCache implements BotCache {
  private constructor(private readonly redis: Redis, private readonly defaultTtl: number | null) {}

  static async open(p: CacheParameters): Promise<RedisCache> {
    // Loaded on first use: most bots never need a cache, and the client costs memory in every process.
    const { Redis } = await import('ioredis');
    const redis = new Redis(
      redisOptionsFromHost(
        String(p.redis_cache_host ?? '127.0.0.1'),
        Number(p.redis_cache_port ?? 6379),
        Number(p.redis_cache_db ?? 9),
        (p.redis_cache_password as string | null | undefined) ?? null,
      ),
    );
    await redis.connect();
    const ttl = p.redis_cache_ttl === null || p.redis_cache_ttl === undefined ? null : Number(p.redis_cache_ttl);
    return new RedisCache(redis, ttl);
  }

  async get(key: string): Promise<string | null> {
    return this.redis.get(key);
  }

  async set(key: string, value: string, ttlSeconds: number | null = this.defaultTtl): Promise<void> {
    if (ttlSeconds) await this.redis.multi().set(key, value).expire(key, Math.trunc(ttlSeconds)).exec();
    else await this.redis.set(key, value);
  }

  async exists(key: string): Promise<boolean> {
    return (await this.redis.exists(key)) === 1;
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(key);
  }

  async getMany(keys: readonly string[]): Promise<Array<string | null>> {
    return keys.length ? this.redis.mget(...keys) : [];
  }

  async setMany(keys: readonly string[], value: string, ttlSeconds: number | null = this.defaultTtl): Promise<void> {
    const pipeline = this.redis.pipeline();
    for (const key of keys) {
      if (ttlSeconds) pipeline.set(key, value, 'EX', Math.trunc(ttlSeconds));
      else pipeline.set(key, value);
    }
    for (const [error] of (await pipeline.exec()) ?? []) if (error) throw error;
  }

  /** Direct access for bots that need more than get/set (e.g. aggregate's scans). */
  get client(): Redis {
    return this.redis;
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
