/**
 * Waiting for a bot to say it is up: its state file (written atomically by
 * the bot once initialised) names a live process that really is this bot,
 * and the process manager agrees. Polls with a deadline, never a fixed sleep.
 */
import type { CtlContext } from '../context.ts';
import type { Launch, ManagedBot, ProcessManager } from '../managers/types.ts';
import { identifyBotProcess } from '../proc.ts';
import { readBotState, type BotStateRecord } from '../run-files.ts';
import { waitFor } from '../wait.ts';

export type ReadyOutcome = { readonly kind: 'ready'; readonly pid: number } | { readonly kind: 'failed'; readonly reason: string } | { readonly kind: 'timeout' };

export interface ReadyCondition {
  /** Only a record newer than this counts (reload: the record before the signal). */
  readonly after?: BotStateRecord | null;
  readonly pid?: number;
}

function fresh(state: BotStateRecord, condition: ReadyCondition): boolean {
  if (condition.pid !== undefined && state.pid !== condition.pid) return false;
  const before = condition.after;
  return !before || state.pid !== before.pid || state.since !== before.since;
}

/** Asking a manager whether the launch failed may spawn a program (systemctl); the state file is cheap. */
const FAILURE_CHECK_INTERVAL_MS = 500;

export async function waitReady(ctx: CtlContext, manager: ProcessManager, bot: ManagedBot, launch: Pick<Launch, 'failure'>, condition: ReadyCondition, timeoutMs: number): Promise<ReadyOutcome> {
  let lastFailureCheck = Date.now();
  const outcome = await waitFor<ReadyOutcome>(
    async () => {
      const state = readBotState(ctx.paths.varRunPath, bot.id);
      if (state && state.state === 'running' && fresh(state, condition) && identifyBotProcess(state.pid, bot.id) === true) {
        if ((await manager.status(bot)).state === 'running') return { kind: 'ready', pid: state.pid };
      }
      if (Date.now() - lastFailureCheck < FAILURE_CHECK_INTERVAL_MS) return undefined;
      lastFailureCheck = Date.now();
      const reason = await launch.failure();
      return reason === null ? undefined : { kind: 'failed', reason };
    },
    { timeoutMs, intervalMs: 100 },
  );
  return outcome ?? { kind: 'timeout' };
}
