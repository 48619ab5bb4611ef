import { Event, Report, type Harmonization } from '../message/index.ts';
import { RedisCache } from './cache.ts';
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
      cache ??= RedisCache.open(o.params);
      return cache;
    },
    async closeCache(): Promise<void> {
      if (cache) await (await cache).close();
    },
  };
}

function toStringList(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String);
  if (typeof v === 'string' && v.trim()) return v.split(',').map((s) => s.trim()).filter(Boolean);
  return [];
}
