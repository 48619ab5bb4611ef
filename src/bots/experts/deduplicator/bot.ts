import { Type } from '@sinclair/typebox';
import { defineExpert } from '../../../bot/declaration.ts';
import type { Event } from '../../../message/index.ts';

/** `"raw ,time.observation "` → {raw, time.observation}, as upstream splits and strips. */
export function parseFilterKeys(value: string | readonly string[]): Set<string> {
  const keys = typeof value === 'string' ? value.split(',') : value;
  return new Set(keys.map((k) => k.trim()));
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
    // Key and value are upstream's (hex digest → "hash"), so a Python deduplicator on the same Redis agrees.
    const hashOf = (event: Event) => event.hash(filterKeys, filterType);
    const known = new WeakMap<Event, { hash: string; known: boolean }>();
    // Hashes of events forwarded in the batch in flight; marked in the cache only once the batch is committed.
    const forwarded = new Set<string>();
    return {
      async prepareBatch(events) {
        if (!cache) return;
        const hashes = events.map(hashOf);
        const values = await cache.getMany(hashes);
        events.forEach((event, i) => known.set(event, { hash: hashes[i]!, known: values[i] !== null }));
      },
      async process(event, emit) {
        if (!cache) {
          emit(event);
          return;
        }
        let seen = known.get(event);
        if (seen === undefined) {
          const hash = hashOf(event);
          seen = { hash, known: await cache.exists(hash) };
        }
        known.delete(event);
        if (seen.known || forwarded.has(seen.hash)) {
          ctx.logger.debug('Dropped message.');
          return;
        }
        forwarded.add(seen.hash);
        emit(event);
      },
      async batchEnded(committed) {
        const hashes = [...forwarded];
        forwarded.clear();
        if (committed && cache && hashes.length) await cache.setMany(hashes, 'hash', ttl);
      },
    };
  },
});
