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
    // One SET NX EX per hash does upstream's EXISTS + SET + EXPIRE atomically.
    const remember = (events: readonly Event[]) => cache!.addMany(events.map((e) => e.hash(filterKeys, filterType)), 'hash', ttl);
    const decided = new WeakMap<Event, boolean>();
    return {
      async prepareBatch(events) {
        if (!cache) return;
        const fresh = await remember(events);
        events.forEach((event, i) => decided.set(event, fresh[i]!));
      },
      async process(event, emit) {
        if (!cache) {
          emit(event);
          return;
        }
        const fresh = decided.get(event) ?? (await remember([event]))[0];
        decided.delete(event);
        if (fresh) emit(event);
        else ctx.logger.debug('Dropped message.');
      },
    };
  },
});
