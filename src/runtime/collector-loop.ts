/** A collector's loop: collect, enqueue the reports, sleep `rate_limit` (or exit when scheduled). */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Broker } from '../pipeline/broker.ts';
import type { BotRunner } from '../bot/runner.ts';
import type { Logger } from '../log/logger.ts';
import type { Statistics } from './statistics.ts';
import { humanDuration } from './human-duration.ts';
import type { WorkerExit } from './worker.ts';

export interface CollectorLoopOptions {
  runner: BotRunner;
  destination: Broker | null;
  params: Readonly<Record<string, unknown>>;
  logger: Logger;
  stats: Statistics;
  stop: AbortSignal;
  reloadRequested(): boolean;
}

export async function runCollectorLoop(o: CollectorLoopOptions): Promise<WorkerExit> {
  const scheduled = o.params['run_mode'] === 'scheduled';
  const maxRetries = Number(o.params['error_max_retries'] ?? 3);
  const retryDelay = Number(o.params['error_retry_delay'] ?? 15);
  let retries = 0;
  while (!o.stop.aborted) {
    if (o.reloadRequested()) return 'reload';
    const result = await o.runner.collect();
    if (result.error !== undefined) {
      o.stats.failure++;
      o.logger.exception('Bot has found a problem.', result.error);
      retries++;
      if (retries <= maxRetries && !scheduled) {
        o.logger.info(`Bot will continue in ${retryDelay} seconds.`);
        await sleep(retryDelay * 1000, undefined, { signal: o.stop }).catch(() => undefined);
        continue;
      }
      retries = 0;
      if (o.params['error_procedure'] === 'stop') return 'error-stop';
    } else {
      retries = 0;
      o.stats.success++;
      if (result.outputs.length) {
        if (!o.destination) throw new Error('No destination pipeline given, but needed.');
        await o.destination.sendBatch(result.outputs.map((x) => ({ message: x.message, path: x.path })));
        for (const x of result.outputs) o.stats.sent(x.path);
        o.logger.info(`Processed ${result.outputs.length} messages since last logging.`);
      }
      try {
        await result.onCommitted?.();
      } catch (e) {
        o.logger.exception('Finishing the collection run failed; its input may be collected again.', e);
      }
    }
    await o.stats.flush(true);
    if (scheduled) {
      o.logger.info('Shutting down scheduled bot.');
      return 'scheduled';
    }
    const limit = Number(o.params['rate_limit'] ?? 0);
    // A collector that returned at once would spin; upstream sleeps 1 s for those.
    const wait = limit > 0 ? limit : 1;
    if (limit > 0) o.logger.info(`Idling for ${limit.toFixed(1)}s (${humanDuration(limit)}) now.`);
    await sleep(wait * 1000, undefined, { signal: o.stop }).catch(() => undefined);
  }
  return 'stopped';
}
