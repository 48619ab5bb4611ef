/**
 * Stopping bots: continuous bots through the process manager (SIGTERM, then
 * SIGKILL after the timeout, said in the output), scheduled bots lose their
 * crontab line and a run in progress is stopped too. All bots are stopped at
 * once and each is awaited until its process is gone.
 */
import type { CtlContext } from '../context.ts';
import { removeInternalCopy } from '../internal-config.ts';
import type { ProcessManager } from '../managers/types.ts';
import { MSG, error, info, warning, type Line } from '../messages.ts';
import { identifyBotProcess, terminateProcess } from '../proc.ts';
import { readBotState, removeRunFile } from '../run-files.ts';
import { unscheduleBots } from '../schedule/scheduler.ts';
import type { BotTarget } from '../targets.ts';
import type { ActionResult, TimingOptions } from './result.ts';
import { OUTSIDE_MANAGER, appliedRunMode, continuousStatus, liveInstance } from './status.ts';

function killedLine(id: string, killed: boolean, timeoutMs: number): Line[] {
  return killed ? [warning(`Bot ${id} did not stop within ${timeoutMs / 1000} s after SIGTERM and was killed with SIGKILL.`)] : [];
}

/** The bot's state file outlives a killed process; drop it once the process is gone. */
function cleanup(ctx: CtlContext, id: string): void {
  const state = readBotState(ctx.paths.varRunPath, id);
  if (state && identifyBotProcess(state.pid, id) !== true) removeRunFile(ctx.paths.varRunPath, id, 'state');
  removeInternalCopy(ctx.paths.varRunPath, id);
}

async function stopLiveRun(ctx: CtlContext, id: string, timing: TimingOptions): Promise<Line[]> {
  const pid = liveInstance(ctx, id);
  if (pid === null) return [];
  const { killed } = await terminateProcess(pid, timing.stopTimeoutMs);
  return [info(`Stopped the running instance (PID ${pid}) of bot ${id}.`), ...killedLine(id, killed, timing.stopTimeoutMs)];
}

async function stopContinuous(ctx: CtlContext, manager: ProcessManager, target: BotTarget, timing: TimingOptions): Promise<ActionResult> {
  const id = target.id;
  const current = await continuousStatus(ctx, manager, target);
  const status = current.status;
  if (status === 'unknown') return { id, status, ok: false, lines: [error(MSG.errorUnknown(id, current.detail ?? 'unknown'))] };
  if (status === 'stopped' || status === 'disabled') {
    // Lets the manager forget a crashed process (supervisor program, failed unit, stale PID file).
    await manager.stop({ id, params: target.params }, { timeoutMs: timing.stopTimeoutMs }).catch(() => undefined);
    cleanup(ctx, id);
    return { id, status, ok: true, lines: [status === 'disabled' ? info(MSG.disabled(id)) : error(MSG.errorStopped(id))] };
  }
  const lines: Line[] = [info(MSG.stopping(id))];
  try {
    if (current.detail === OUTSIDE_MANAGER) {
      lines.push(...(await stopLiveRun(ctx, id, timing)));
    } else {
      const result = await manager.stop({ id, params: target.params }, { timeoutMs: timing.stopTimeoutMs });
      lines.push(...killedLine(id, result.killed, timing.stopTimeoutMs));
    }
  } catch (err) {
    return { id, status: 'running', ok: false, lines: [...lines, error(MSG.errorStopping(id)), error((err as Error).message)] };
  }
  const after = await continuousStatus(ctx, manager, target);
  if (after.status === 'running' || after.status === 'stopping') {
    return { id, status: after.status, ok: false, lines: [...lines, error(MSG.errorRunning(id))] };
  }
  cleanup(ctx, id);
  return { id, status: 'stopped', ok: true, lines: [...lines, info(MSG.stopped(id))] };
}

async function stopScheduled(ctx: CtlContext, targets: readonly BotTarget[], timing: TimingOptions): Promise<ActionResult[]> {
  if (targets.length === 0) return [];
  let removed: Set<string>;
  try {
    removed = await unscheduleBots(ctx.paths.varRunPath, ctx.env, targets.map((t) => t.id));
  } catch (err) {
    return targets.map((t) => ({ id: t.id, status: 'scheduled' as const, ok: false, lines: [error(MSG.errorStopping(t.id)), error((err as Error).message)] }));
  }
  return Promise.all(
    targets.map(async (t): Promise<ActionResult> => {
      const lines = await stopLiveRun(ctx, t.id, timing);
      cleanup(ctx, t.id);
      if (removed.has(t.id)) return { id: t.id, status: 'not scheduled', ok: true, lines: [...lines, info(MSG.notScheduled(t.id))] };
      const status = t.enabled ? 'not scheduled' : 'disabled';
      return { id: t.id, status, ok: true, lines: [...lines, t.enabled ? error(MSG.errorNotScheduled(t.id)) : info(MSG.disabled(t.id))] };
    }),
  );
}

export async function stopBots(ctx: CtlContext, manager: ProcessManager, targets: readonly BotTarget[], timing: TimingOptions): Promise<ActionResult[]> {
  const scheduled = targets.filter((t) => appliedRunMode(t) === 'scheduled');
  const continuous = targets.filter((t) => appliedRunMode(t) === 'continuous');
  const results = (await Promise.all([stopScheduled(ctx, scheduled, timing), Promise.all(continuous.map((t) => stopContinuous(ctx, manager, t, timing)))])).flat();
  return targets.map((t) => results.find((r) => r.id === t.id)!);
}
