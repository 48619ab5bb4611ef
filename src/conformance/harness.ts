/**
 * Runs a bot in memory the way IntelMQ's own test harness does (queues
 * `test-bot-input` and one output list per path, error_procedure pass,
 * no retries, failed messages dumped and dropped), through the same
 * BotRunner the process runtime uses.
 */
import type { BotDeclaration, BotLogger } from '../bot/declaration.ts';
import { createContext } from '../bot/context.ts';
import { resolveParameters } from '../bot/params.ts';
import { BotRunner, type DumpRecord } from '../bot/runner.ts';
import type { Harmonization } from '../message/index.ts';

export const HARNESS_DEFAULTS: Readonly<Record<string, unknown>> = Object.freeze({
  logging_level: 'DEBUG',
  rate_limit: 0,
  retry_delay: 0,
  error_retry_delay: 0,
  error_max_retries: 0,
  error_procedure: 'pass',
  error_dump_message: true,
  error_log_exception: true,
  redis_cache_host: '127.0.0.1',
  redis_cache_port: 6379,
  redis_cache_db: 4,
  redis_cache_ttl: 10,
  redis_cache_password: null,
  testing: true,
  cache_backend: 'redis',
  accuracy: 100,
  copy_collector_provided_fields: [],
  default_fields: {},
});

export interface LogLine {
  level: 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';
  message: string;
}

export class MemoryLogger implements BotLogger {
  readonly lines: LogLine[] = [];
  debug(message: string) { this.lines.push({ level: 'DEBUG', message }); }
  info(message: string) { this.lines.push({ level: 'INFO', message }); }
  warning(message: string) { this.lines.push({ level: 'WARNING', message }); }
  error(message: string) { this.lines.push({ level: 'ERROR', message }); }
  critical(message: string) { this.lines.push({ level: 'CRITICAL', message }); }
  count(level: LogLine['level']): number {
    return this.lines.filter((l) => l.level === level).length;
  }
}

export interface InMemoryBot {
  readonly logger: MemoryLogger;
  /**
   * Processes the input messages (wire strings) one by one; returns the outputs
   * per path. With `batch`, experts first see them all at once, as the runtime
   * hands them a batch. `committed: false` ends the run as a batch that went
   * back to the queue (as after a crash or a stop) instead of a committed one.
   */
  run(input: ReadonlyArray<string | Buffer>, options?: { batch?: boolean; committed?: boolean }): Promise<{ output: Record<string, string[]>; dumps: DumpRecord[] }>;
  close(): Promise<void>;
}

export async function createInMemoryBot(
  declaration: BotDeclaration,
  opts: { params: Record<string, unknown>; paths: readonly string[]; harmonization: Harmonization; botId?: string; varStatePath?: string },
): Promise<InMemoryBot> {
  const botId = opts.botId ?? 'test-bot';
  const logger = new MemoryLogger();
  const params = resolveParameters(declaration.parameters, { ...HARNESS_DEFAULTS, ...opts.params }, botId, 'test parameters');
  const ctx = createContext({
    botId,
    params,
    logger,
    harmonization: opts.harmonization,
    paths: { configDir: '.', varStatePath: opts.varStatePath ?? '.', loggingPath: null },
  });
  const instance = await declaration.create(ctx as never);
  const paths = new Set(opts.paths);
  const runner = new BotRunner({ declaration, instance, params, logger, paths, harmonization: opts.harmonization });
  return {
    logger,
    async run(input, options = {}) {
      const output: Record<string, string[]> = Object.fromEntries(opts.paths.map((p) => [p, [] as string[]]));
      const dumps: DumpRecord[] = [];
      const decoded = input.map((raw) => runner.decode(raw));
      if (options.batch) await runner.prepareBatch(decoded.flatMap((d) => (d.message ? [d.message] : [])));
      for (const { message, result } of decoded) {
        const r = result ?? (await runner.handleMessage(message!));
        dumps.push(...r.lineDumps);
        if (r.error !== undefined) {
          logger.error(`Bot has found a problem.\n${r.failed ? (Array.isArray(r.failed.traceback) ? r.failed.traceback.join('') : r.failed.traceback) : String(r.error)}`);
          if (r.failed) dumps.push(r.failed);
          if (paths.has('_on_error') && r.failed && !r.failed.messageType) output['_on_error']!.push(r.failed.message);
          if (!r.keepOutputs) continue;
        }
        for (const o of r.outputs) (output[o.path] ??= []).push(o.message);
      }
      await runner.batchEnded(options.committed ?? true);
      return { output, dumps };
    },
    async close() {
      await runner.shutdown();
      await ctx.closeCache();
    },
  };
}
