import { Type } from '@sinclair/typebox';
import type { Redis } from 'ioredis';
import { defineExpert, type Emit } from '../../../bot/declaration.ts';
import { RedisCache } from '../../../bot/cache.ts';
import { ConfigurationError, Event } from '../../../message/index.ts';
import { localIsoNow, parseLocalIso, parseRelative } from './relative.ts';

const KEY_PREFIX = 'aggregate.';
const CLEANUP_INTERVAL_MS = 10_000;

/** Hash fields, short to keep Redis small; names shared with upstream so both read each other's entries. */
interface Aggregate {
  d: string; // first event, as JSON
  s: string; // local time the aggregation started
  f: string; // time.source (else time.observation) of the first event
  l: string; // ... of the last event
  c: string; // count
}

function eventTime(event: Event): string {
  const t = event.get('time.source') || event.get('time.observation');
  if (!t) throw new Error("Invalid input of type: 'NoneType': the event has neither time.source nor time.observation");
  return String(t);
}

function eventCount(event: Event): number {
  const n = Number.parseInt(String(event.get('extra.count', 1)), 10);
  if (Number.isNaN(n)) throw new Error(`invalid literal for int(): ${String(event.get('extra.count'))}`);
  return n;
}

export const bot = defineExpert({
  module: 'intelmq.bots.experts.aggregate.expert',
  name: 'Aggregate',
  description: 'Aggregates events with equal `fields` for `timespan`; then emits the first one with extra.count (when ≥ threshold) and extra.time_end.',
  parameters: Type.Object({
    fields: Type.String({ default: 'classification.type, classification.identifier', description: 'Comma-separated keys that make events equal.' }),
    threshold: Type.Integer({ default: 10, description: 'Minimum count for an aggregate to be sent; smaller ones are dropped.' }),
    timespan: Type.String({ default: '1 hour', description: 'How long to aggregate, e.g. "1 hour", "2 days".' }),
    redis_cache_db: Type.Integer({ default: 8, description: 'Redis database holding the aggregates.' }),
  }),
  async create(ctx) {
    const p = ctx.params;
    const timespanMs = parseRelative(p.timespan) * 60_000;
    const fields = new Set(p.fields.split(',').map((f) => f.trim()));
    const cache = await ctx.cache();
    if (!(cache instanceof RedisCache)) throw new ConfigurationError('aggregate', 'the aggregate expert needs a Redis cache (redis_cache_host)');
    const redis: Redis = cache.client;
    const log = ctx.logger;
    // Upstream cleans up at start; we cannot emit before the first event, so the first event does it.
    let nextCleanup = 0;

    async function cleanup(emit: Emit): Promise<void> {
      const now = Date.now();
      if (nextCleanup > now) {
        log.debug(`Skipped Cleanup (${((nextCleanup - now) / 1000).toFixed(6)}s < 10s).`);
        return;
      }
      log.debug('Started Cleanup.');
      let sent = 0;
      let ignored = 0;
      let dropped = 0;
      for await (const keys of redis.scanStream({ match: `${KEY_PREFIX}*`, count: 1000 }) as AsyncIterable<string[]>) {
        for (const key of keys) {
          const data = (await redis.hgetall(key)) as Partial<Aggregate>;
          if (!data.s || !data.d || !data.c) continue;
          if (now <= parseLocalIso(data.s) + timespanMs) {
            ignored++;
            continue;
          }
          if (Number.parseInt(data.c, 10) >= p.threshold) {
            const event = new Event(ctx.harmonization, JSON.parse(data.d) as Record<string, unknown>);
            // Upstream adds without overwrite and fails forever on events that carry time.source.
            event.add('time.source', data.s, { overwrite: true });
            event.add('extra.count', Number.parseInt(data.c, 10), { overwrite: true });
            event.add('extra.time_end', data.l, { overwrite: true });
            emit(event);
            sent++;
          } else {
            dropped++;
          }
          await redis.del(key);
        }
      }
      nextCleanup = Date.now() + CLEANUP_INTERVAL_MS;
      log.debug(`Completed Cleanup. Messages sent: ${sent}, messages ignored: ${ignored}, messages dropped: ${dropped}.`);
    }

    return {
      async process(event, emit) {
        await cleanup(emit);
        const key = `${KEY_PREFIX}${event.hash(fields, 'whitelist')}`;
        if ((await redis.exists(key)) === 1) {
          await redis.multi().hset(key, 'l', eventTime(event)).hincrby(key, 'c', eventCount(event)).exec();
          return;
        }
        const time = eventTime(event);
        const entry: Aggregate = { d: event.toJson(), s: localIsoNow(), f: time, l: time, c: String(eventCount(event)) };
        await redis.hset(key, entry);
      },
    };
  },
});
