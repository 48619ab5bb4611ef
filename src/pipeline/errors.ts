import { IntelMQError } from '../message/errors.ts';

/**
 * Why a broker refused a write in a way that retrying cannot fix. The bot
 * runtime stops (exit 1) on these instead of retrying forever, as upstream
 * does for Redis' OOM and "cannot persist" replies.
 */
export type FatalBrokerCondition = 'out-of-memory' | 'no-space';

/**
 * Any failure of the message broker. The text starts with upstream's
 * `pipeline failed - ` and names broker, address and queue, so one log line
 * tells the operator where to look.
 */
export class PipelineError extends IntelMQError {
  override name = 'PipelineError';
  readonly fatal: FatalBrokerCondition | undefined;

  constructor(detail: string, options: { cause?: unknown; fatal?: FatalBrokerCondition } = {}) {
    super(`pipeline failed - ${detail}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.fatal = options.fatal;
  }
}

/** Wraps a library error; errors that are already ours pass through unchanged. */
export function wrapBrokerError(where: string, error: unknown): Error {
  if (error instanceof IntelMQError || isAbort(error)) return error as Error;
  const text = error instanceof Error ? error.message : String(error);
  return new PipelineError(`${where}: ${text}`, { cause: error, fatal: fatalCondition(text) });
}

/** Upstream maps these Redis replies to "out of memory" and ENOSPC so the bot stops. */
function fatalCondition(text: string): FatalBrokerCondition | undefined {
  if (text.includes('Cannot assign requested address') || text.includes('OOM command not allowed')) return 'out-of-memory';
  // Redis' MISCONF reply; SQLite's SQLITE_FULL (embedded broker: disk or max_page_count exhausted).
  if (text.includes('not able to persist on disk') || text.includes('database or disk is full')) return 'no-space';
  return undefined;
}

export function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}
