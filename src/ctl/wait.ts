/** Bounded waiting for a condition (a bot became ready, a process is gone) instead of fixed sleeps. */
import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitOptions {
  readonly timeoutMs: number;
  /** Pause between two checks; default 50 ms. */
  readonly intervalMs?: number;
}

/** Calls `check` until it returns something other than undefined; undefined after the timeout. */
export async function waitFor<T>(check: () => T | undefined | Promise<T | undefined>, options: WaitOptions): Promise<T | undefined> {
  const deadline = Date.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 50;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) return undefined;
    await sleep(Math.min(interval, Math.max(1, deadline - Date.now())));
  }
}
