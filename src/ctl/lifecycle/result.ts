/** What an action did to one bot: its final status and the lines to print, in order. */
import type { Line } from '../messages.ts';
import type { BotStatus } from './status.ts';

export interface ActionResult {
  readonly id: string;
  readonly status: BotStatus;
  /** Whether the bot reached the state the action asked for. */
  readonly ok: boolean;
  readonly lines: readonly Line[];
}

export interface TimingOptions {
  /** How long to wait for a bot to report ready (start, reload). */
  readonly readyTimeoutMs: number;
  /** How long a bot gets after SIGTERM before it is killed. */
  readonly stopTimeoutMs: number;
}
