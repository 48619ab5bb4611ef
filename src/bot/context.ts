import { Event, Report, type Harmonization } from '../message/index.ts';
import { join } from 'node:path';
import { RedisCache } from './cache.ts';
import { EmbeddedCache } from './embedded-cache.ts';
import type { BotCache, BotContext, BotLogger } from './declaration.ts';

export interface ContextOptions {
  botId: string;
  params: Readonly<Record<string, unknown>>;
  logger: BotLogger;
  harmonization: Harmonization;
  paths: BotContext<unknown>['paths'];
}

/** Builds what a bot's `create` gets: its parameters, logger, message factories and cache. */
export function createContext<P>(o: ContextOptions): BotContext<P> & { closeCache(): Promise<void> } {
  const copyFields = toStringList(o.params['copy_collector_provided_fields']);
  let cache: Promise<BotCache> | undefined;
  return {
    botId: o.botId,
    params: o.params as BotContext<P>['params'],
    logger: o.logger,
    harmonization: o.harmonization,
    paths: o.paths,
    newEvent(report?: Report): Event {
      return report ? Event.fromReport(report, copyFields) : new Event(o.harmonization);
    },
    newReport(): Report {
      return Report.create(o.harmonization);
    },
    cache(): Promise<BotCache> {
      cache ??= useEmbeddedCache(o.params)
        ? EmbeddedCache.open(String(o.params['embedded_cache_path'] ?? join(o.paths.varStatePath, '..', 'cache.sqlite3')), ttlOf(o.params), Number(o.params['redis_cache_db'] ?? 0))
        : RedisCache.open(o.params);
      return cache;
    },
    async closeCache(): Promise<void> {
      if (cache) await (await cache).close();
    },
  };
}

/** `cache_backend: auto` follows the pipeline: an installation on the embedded broker has no Redis to rely on. */
function useEmbeddedCache(p: Readonly<Record<string, unknown>>): boolean {
  const backend = String(p['cache_backend'] ?? 'auto');
  if (backend === 'embedded') return true;
  if (backend === 'redis') return false;
  return String(p['source_pipeline_broker'] ?? 'embedded').toLowerCase() === 'embedded';
}

function ttlOf(p: Readonly<Record<string, unknown>>): number | null {
  const ttl = p['redis_cache_ttl'];
  return ttl === null || ttl === undefined ? null : Number(ttl);
}

function toStringList(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String);
  if (typeof v === 'string' && v.trim()) return v.split(',').map((s) => s.trim()).filter(Boolean);
  return [];
}
