import { Type } from '@sinclair/typebox';
import { defineExpert } from '../../../bot/declaration.ts';
import { ConfigurationError } from '../../../message/index.ts';
import { parseFilterKeys } from '../deduplicator/bot.ts';

export const bot = defineExpert({
  module: 'intelmq.bots.experts.threshold.expert',
  name: 'Threshold',
  description: 'Forwards the one event that makes the count of similar events (same hash) reach `threshold` within redis_cache_ttl seconds; drops the others.',
  forwardVerb: 'Forwarded',
  // Counts are read, incremented and written back: two workers would lose increments.
  multithreadable: false,
  parameters: Type.Object({
    threshold: Type.Integer({ default: 100, description: 'Number of similar events at which one is forwarded.' }),
    filter_keys: Type.Union([Type.Array(Type.String()), Type.String()], { default: ['raw', 'time.observation'], description: 'Keys that (do not) make events similar, see filter_type.' }),
    filter_type: Type.Union([Type.Literal('blacklist'), Type.Literal('whitelist')], { default: 'blacklist', description: 'blacklist: hash all keys but filter_keys; whitelist: only filter_keys.' }),
    add_keys: Type.Record(Type.String(), Type.Unknown(), { default: { comment: 'Threshold reached' }, description: 'Fields set on the forwarded event.' }),
    timeout: Type.Integer({ default: 3600, description: 'Must be positive (upstream checks it; the counting window is redis_cache_ttl).' }),
    bypass: Type.Boolean({ default: false, description: 'Forward everything without counting.' }),
    redis_cache_db: Type.Integer({ default: 11, description: 'Redis database holding the counts.' }),
    redis_cache_ttl: Type.Integer({ default: 3600, description: 'Seconds a count lives after the last similar event.' }),
  }),
  async create(ctx) {
    const p = ctx.params;
    if (p.timeout <= 0) throw new ConfigurationError('Timeout', 'Invalid timeout specified, use positive integer seconds.');
    if (p.threshold <= 0) throw new ConfigurationError('Threshold', 'Invalid threshold specified, use positive integer count.');
    const filterKeys = parseFilterKeys(p.filter_keys);
    const cache = p.bypass ? undefined : await ctx.cache();
    return {
      async process(event, emit) {
        if (!cache) {
          emit(event);
          return;
        }
        const hash = event.hash(filterKeys, p.filter_type);
        const seen = Number.parseInt((await cache.get(hash)) ?? '0', 10) || 0;
        ctx.logger.debug(`Message ${hash} has been seen ${seen} times before.`);
        // SET rather than INCR, so every similar event restarts the TTL (as upstream).
        await cache.set(hash, String(seen + 1));
        if (seen + 1 !== p.threshold) {
          ctx.logger.debug('Dropped message.');
          return;
        }
        ctx.logger.debug('Threshold reached, forwarding message.');
        event.update(p.add_keys);
        event.add('extra.count', seen + 1, { overwrite: true });
        emit(event);
      },
    };
  },
});
