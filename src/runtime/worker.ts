/**
 * The processing loop of one bot worker (parser, expert or output): take a
 * batch from the source broker, run each message through the BotRunner, then
 * enqueue all outputs and acknowledge the batch in one step, so a message
 * leaves the in-flight state only after everything it produced is durable.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Broker, OutboundMessage } from '../pipeline/broker.ts';
import { PipelineError } from '../pipeline/errors.ts';
import { ConfigurationError, DecodingError } from '../message/index.ts';
import { formatTraceback, SpillFailed, type BotRunner, type DumpRecord, type HandleResult, type Outgoing } from '../bot/runner.ts';
import type { Logger } from '../log/logger.ts';
import type { Statistics } from './statistics.ts';
import { humanDuration } from './human-duration.ts';
import { ClaimSizer } from './claim-sizer.ts';
import { genericDefault } from '../config/global-defaults.ts';

export type WorkerExit = 'stopped' | 'reload' | 'scheduled' | 'error-stop';

export interface WorkerOptions {
  runner: BotRunner;
  source: Broker;
  destination: Broker | null;
  params: Readonly<Record<string, unknown>>;
  logger: Logger;
  stats: Statistics;
  /** Queue names per path, for the high-water-mark check. */
  destinationQueues: Readonly<Record<string, readonly string[]>>;
  dump(record: DumpRecord): Promise<void>;
  /** Aborts on SIGTERM/SIGINT: the current batch is finished, then the loop ends. */
  stop: AbortSignal;
  reloadRequested(): boolean;
  forwardVerb: string;
}

const num = (v: unknown, d: number) => (typeof v === 'number' && Number.isFinite(v) ? v : d);

export class Worker {
  private readonly batchSize: number;
  private readonly claims: ClaimSizer;
  private readonly maxRetries: number;
  private readonly retryDelayMs: number;
  private readonly highWater: number;
  private readonly rateLimitSeconds: number;
  private readonly logEveryMessages: number;
  private readonly logEveryMs: number;
  private readonly scheduled: boolean;
  private sinceLog = 0;
  private lastLogTime = Date.now();
  private pausedSince = 0;
  private pauseLoggedAt = 0;
  private pauseLogged = false;
  private spilled = 0;

  constructor(private readonly o: WorkerOptions) {
    const p = o.params;
    this.scheduled = p['run_mode'] === 'scheduled';
    // error_procedure stop and scheduled runs handle exactly one message, as upstream: nothing after it may be held.
    // rate_limit is a pause after every message upstream, so those bots take one at a time too.
    this.rateLimitSeconds = num(p['rate_limit'], genericDefault('rate_limit'));
    const single = this.scheduled || p['error_procedure'] === 'stop' || this.rateLimitSeconds > 0;
    this.batchSize = single ? 1 : Math.max(1, num(p['batch_size'], genericDefault('batch_size')));
    this.claims = new ClaimSizer(this.batchSize, o.runner.kind === 'parser');
    this.maxRetries = num(p['error_max_retries'], genericDefault('error_max_retries'));
    this.retryDelayMs = num(p['error_retry_delay'], genericDefault('error_retry_delay')) * 1000;
    // null (no mark) becomes 0, which the check reads as "never pause".
    this.highWater = num(p['queue_high_water_mark'], 0);
    this.logEveryMessages = num(p['log_processed_messages_count'], genericDefault('log_processed_messages_count'));
    this.logEveryMs = num(p['log_processed_messages_seconds'], genericDefault('log_processed_messages_seconds')) * 1000;
  }

  async run(): Promise<WorkerExit> {
    const { logger, stop } = this.o;
    while (!stop.aborted) {
      if (this.o.reloadRequested()) return 'reload';
      try {
        if (await this.backpressure()) continue;
        const batch = await this.o.source.receiveBatch(this.claims.next(), 1000, stop);
        if (batch.length === 0) {
          await this.o.stats.flush();
          continue;
        }
        const exit = await this.processBatch(batch);
        if (exit) return exit;
        if (this.scheduled) {
          logger.info('Shutting down scheduled bot.');
          return 'scheduled';
        }
        await this.rateLimit();
      } catch (thrown) {
        if (stop.aborted) break;
        const e = thrown instanceof SpillFailed ? thrown.reason : thrown;
        if (e instanceof ConfigurationError) throw e;
        if (e instanceof PipelineError && e.fatal) {
          // Out of memory or disk on the broker: retrying would only fill logs, as upstream the bot stops.
          logger.critical(`${e.message}. Stopping the bot.`);
          return 'error-stop';
        }
        this.o.stats.failure++;
        logger.exception(e instanceof PipelineError ? 'Pipeline failed.' : 'Bot has found a problem.', e);
        logger.info(`Bot will continue in ${this.retryDelayMs / 1000} seconds.`);
        await sleep(this.retryDelayMs, undefined, { signal: stop }).catch(() => undefined);
      }
      await this.o.stats.flush();
    }
    return 'stopped';
  }

  /** Pauses intake while a destination queue is above its high-water mark. */
  private async backpressure(): Promise<boolean> {
    if (!this.highWater || !this.o.destination) return false;
    // Checked before every batch: checking less often lets a fast producer overshoot the mark by many batches.
    const now = Date.now();
    for (const queues of Object.values(this.o.destinationQueues)) {
      for (const q of queues) {
        const n = await this.o.destination.count(q);
        if (n >= this.highWater) {
          if (!this.pausedSince) {
            this.pausedSince = now;
            this.o.stats.paused = true;
            // Under steady load a bot pauses and resumes all the time: say it once a minute, not per cycle.
            if (now - this.pauseLoggedAt >= 60_000) {
              this.pauseLoggedAt = now;
              this.pauseLogged = true;
              this.o.logger.warning(`Destination queue '${q}' holds ${n} messages (high-water mark ${this.highWater}); pausing intake until it drains.`);
            }
          }
          await this.o.stats.flush();
          await sleep(200, undefined, { signal: this.o.stop }).catch(() => undefined);
          return true;
        }
      }
    }
    if (this.pausedSince) {
      if (this.pauseLogged) this.o.logger.info(`Destination queues drained after ${humanDuration((now - this.pausedSince) / 1000)}; resuming.`);
      this.pauseLogged = false;
      this.pausedSince = 0;
      this.o.stats.paused = false;
    }
    return false;
  }

  private async processBatch(batch: ReadonlyArray<string | DecodingError>): Promise<WorkerExit | undefined> {
    let committed = false;
    try {
      const exit = await this.processAndCommit(batch);
      committed = exit !== 'stopped';
      return exit;
    } finally {
      await this.o.runner.batchEnded(committed);
    }
  }

  /** Resolves 'stopped' when the batch went back to the queue, else once it is committed. */
  private async processAndCommit(batch: ReadonlyArray<string | DecodingError>): Promise<WorkerExit | undefined> {
    const outputs: OutboundMessage[] = [];
    this.spilled = 0;
    let exit: WorkerExit | undefined;
    const results = await this.batchResults(batch);
    for (let i = 0; i < batch.length; i++) {
      let result = results[i]!;
      let attempt = 0;
      // Retrying re-runs the same in-memory message, as upstream; undecodable or invalid input is never retried.
      while (result.error !== undefined && !result.noRetry && attempt < this.maxRetries && !this.o.stop.aborted) {
        this.reportError(result);
        this.o.stats.failure++;
        attempt++;
        this.o.logger.info(`Bot will continue in ${this.retryDelayMs / 1000} seconds.`);
        await sleep(this.retryDelayMs, undefined, { signal: this.o.stop }).catch(() => undefined);
        result = await this.handle(batch[i]!);
      }
      if (result.error !== undefined && this.o.stop.aborted && !result.noRetry) {
        // Stopping while a message waits for its retry: give the batch back, it is processed again after the restart.
        await this.o.source.reject();
        return 'stopped';
      }
      for (const d of result.lineDumps) await this.o.dump(d);
      if (result.error !== undefined) {
        this.reportError(result);
        this.o.stats.failure++;
        if (result.failed) {
          if (this.o.params['error_dump_message'] !== false) await this.o.dump(result.failed);
          else this.o.logger.warning('Message will be removed from the pipeline and not dumped to the disk. Set `error_dump_message` to true to save the message on disk.');
          if (this.o.destinationQueues['_on_error'] && !result.failed.messageType) outputs.push({ message: result.failed.message, path: '_on_error' });
        }
        if (result.keepOutputs) for (const out of result.outputs) outputs.push({ message: out.message, path: out.path });
        if (this.o.params['error_procedure'] === 'stop') exit = 'error-stop';
        continue;
      }
      this.o.stats.success++;
      for (const out of result.outputs) outputs.push({ message: out.message, path: out.path });
    }
    this.claims.observe(batch.length, this.spilled + outputs.length);
    await this.deliver(outputs, true);
    return exit;
  }

  /** A parser's events enqueued while its report is still in flight (see Spill). */
  private readonly spill = async (outputs: Outgoing[]): Promise<void> => {
    await this.deliver(outputs, false);
    this.spilled += outputs.length;
  };

  private async handle(raw: string | DecodingError): Promise<HandleResult> {
    if (raw instanceof DecodingError) {
      return { outputs: [], lineDumps: [], error: raw, noRetry: true, failed: { traceback: formatTraceback(raw), message: raw.raw.toString('base64'), messageType: 'base64' } };
    }
    return this.o.runner.handle(raw, this.spill);
  }

  /**
   * Outputs with a batch form write the whole batch at once, experts with one
   * look it up at once; everything else goes message by message.
   */
  private async batchResults(batch: ReadonlyArray<string | DecodingError>): Promise<HandleResult[]> {
    const { runner } = this.o;
    if (!runner.takesBatches || batch.length < 2) {
      const out: HandleResult[] = [];
      for (const raw of batch) out.push(await this.handle(raw));
      return out;
    }
    const decoded = batch.map((raw) => (raw instanceof DecodingError ? { result: undefined } : runner.decode(raw)));
    const good = decoded.flatMap((d) => (d.message ? [d.message] : []));
    if (runner.kind === 'output') {
      const written = await runner.handleBatch(good);
      if (written) {
        let k = 0;
        return Promise.all(decoded.map((d, i) => (d.message ? written[k++]! : d.result ?? this.handle(batch[i]!))));
      }
    } else {
      await runner.prepareBatch(good);
    }
    const out: HandleResult[] = [];
    for (let i = 0; i < batch.length; i++) {
      const { message, result } = decoded[i]!;
      out.push(message ? await runner.handleMessage(message, this.spill) : result ?? (await this.handle(batch[i]!)));
    }
    return out;
  }

  private reportError(result: HandleResult): void {
    const err = result.error;
    const { logger, params } = this.o;
    if (err instanceof DecodingError) logger.exception('Could not decode message from pipeline. No retries useful.', err);
    else if (result.noRetry) logger.exception('Found an invalid value that violates the harmonization rules.', err);
    else if (params['error_log_exception'] === false) logger.error(`${(err as Error)?.message ?? String(err)}\nBot has found a problem.`);
    else logger.exception('Bot has found a problem.', err);
    if (params['error_log_message'] && result.failed) logger.info(`Current Message(event): ${result.failed.message}.`);
  }

  /**
   * Enqueues outputs and, with `acknowledge`, acknowledges the batch in the same step;
   * retried on pipeline errors, never dropped.
   */
  private async deliver(outputs: OutboundMessage[], acknowledge: boolean): Promise<void> {
    const { destination, source, stats } = this.o;
    if (outputs.length && !destination) throw new ConfigurationError('pipeline', 'No destination pipeline given, but needed');
    for (;;) {
      try {
        if (outputs.length) await destination!.sendBatch(outputs, acknowledge ? { acknowledge: source } : {});
        else if (acknowledge) await source.acknowledge();
        break;
      } catch (e) {
        // Out of disk or memory on the broker: run() stops the bot instead of retrying for ever.
        if (!(e instanceof PipelineError) || e.fatal) throw e;
        this.o.logger.exception('Pipeline failed while sending; retrying.', e);
        await sleep(Math.max(this.retryDelayMs, 1000));
      }
    }
    for (const o of outputs) stats.sent(o.path ?? '_default');
    this.countForLog(outputs.length);
  }

  private countForLog(n: number): void {
    this.sinceLog += n;
    const now = Date.now();
    if (this.sinceLog > 0 && (this.sinceLog >= this.logEveryMessages || now - this.lastLogTime > this.logEveryMs)) {
      this.o.logger.info(`${this.o.forwardVerb} ${this.sinceLog} messages since last logging.`);
      this.sinceLog = 0;
      this.lastLogTime = now;
    }
  }

  /** Logged on stop, as upstream. */
  finalCount(): void {
    if (this.sinceLog > 0) this.o.logger.info(`${this.o.forwardVerb} ${this.sinceLog} messages since last logging.`);
    this.sinceLog = 0;
  }

  private async rateLimit(): Promise<void> {
    const limit = this.rateLimitSeconds;
    if (!limit) return;
    this.o.logger.info(`Idling for ${limit.toFixed(1)}s (${humanDuration(limit)}) now.`);
    if (limit > 2) await this.o.stats.flush(true);
    await sleep(limit * 1000, undefined, { signal: this.o.stop }).catch(() => undefined);
  }
}
