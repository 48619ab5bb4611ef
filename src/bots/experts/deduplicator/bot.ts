import { Type } from '@sinclair/typebox';
import { defineExpert, type BotCache } from '../../../bot/declaration.ts';
import { RedisCache } from '../../../bot/cache.ts';

/** `"raw ,time.observation "` → {raw, time.observation}, as upstream splits and strips. */
export function parseFilterKeys(value: string | readonly string[]): Set<string> {
  const keys = typeof value === 'string' ? value.split(',') : value;
  return new Set(keys.map((k) => k.trim()));
}

/**
 * Remembers `hash` unless it is already known; true when it was new. On Redis one
 * `SET NX EX` does upstream's EXISTS + SET + EXPIRE in a single atomic round trip.
 */
async function remember(cache: BotCache, hash: string, ttl: number): Promise<boolean> {
  if (cache instanceof RedisCache) {
    const reply = ttl > 0 ? await cache.client.set(hash, 'hash', 'EX', ttl, 'NX') : await cache.client.set(hash, 'hash', 'NX');
    return reply === 'OK';
  }
  if (await cache.exists(hash)) return false;
  await cache.set(hash, 'hash', ttl);
  return true;
}

export const bot = defineExpert({
  module: 'intelmq.bots.experts.deduplicator.expert',
  name: 'Deduplicator',
  description: 'Drops events whose hash (over the chosen keys) was seen within redis_cache_ttl seconds.',
  forwardVerb: 'Forwarded',
  parameters: Type.Object({
    filter_type: Type.Union([Type.Literal('blacklist'), Type.Literal('whitelist')], {
      default: 'blacklist',
      description: 'blacklist: hash all keys but filter_keys; whitelist: hash only filter_keys (time.observation never counts).',
    }),
    filter_keys: Type.Union([Type.String(), Type.Array(Type.String())], {
      default: 'raw,time.observation',
      description: 'Comma-separated keys (spaces around names are ignored).',
    }),
    bypass: Type.Boolean({ default: false, description: 'Forward everything without looking at the cache.' }),
    redis_cache_db: Type.Integer({ default: 6, description: 'Redis database holding the hashes.' }),
    redis_cache_ttl: Type.Integer({ default: 86400, description: 'Seconds a hash is remembered.' }),
  }),
  async create(ctx) {
    const { filter_type: filterType, bypass, redis_cache_ttl: ttl } = ctx.params;
    const filterKeys = parseFilterKeys(ctx.params.filter_keys);
    const cache = bypass ? undefined : await ctx.cache();
    return {
      async process(event, emit) {
        if (!cache) {
          emit(event);
          return;
        }
        // Key and value are upstream's (hex digest → "hash"), so a Python deduplicator on the same Redis agrees.
        const hash = event.hash(filterKeys, filterType);
        if (await remember(cache, hash, ttl)) emit(event);
        else ctx.logger.debug('Dropped message.');
      },
    };
  },
});
