import { isUtf8 } from 'node:buffer';
import { DecodingError } from '../message/errors.ts';
import type { Received } from './broker.ts';

/** Bytes off the wire → text, or a DecodingError that keeps the raw bytes for the dump. */
export function decode(raw: Buffer | string): Received {
  if (typeof raw === 'string') return raw;
  return isUtf8(raw) ? raw.toString('utf8') : new DecodingError(raw);
}

/** Delay before reconnect attempt `attempt` (1-based): 0.5 s doubling, capped at 30 s. */
export function backoffMs(attempt: number): number {
  return Math.min(30_000, 500 * 2 ** Math.min(attempt - 1, 6));
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Groups messages per queue, keeping their order, so a broker can write each queue in one command. */
export function groupByQueue(pairs: Iterable<readonly [string, string]>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [queue, message] of pairs) {
    const list = out.get(queue);
    if (list) list.push(message);
    else out.set(queue, [message]);
  }
  return out;
}
