/**
 * The status of bots: from the process manager for continuous bots, from the
 * crontab for scheduled ones, plus what the bot itself reports (state file)
 * and what intelmqctl applied (internal copy).
 */
import type { CtlContext } from '../context.ts';
import { differsFromAdmin, removeInternalCopy } from '../internal-config.ts';
import type { ManagerStatus, ProcessManager } from '../managers/types.ts';
import { MSG, error, info, running, warning, type Line } from '../messages.ts';
import { identifyBotProcess } from '../proc.ts';
import { readBotState } from '../run-files.ts';
import { scheduledTimes } from '../schedule/scheduler.ts';
import type { BotTarget } from '../targets.ts';

export type BotStatus = 'running' | 'stopped' | 'disabled' | 'unknown' | 'starting' | 'stopping' | 'scheduled' | 'not scheduled';

/** States in which an action on a bot counts as successful (exit code 0). */
export const GOOD_STATUSES: ReadonlySet<BotStatus> = new Set(['running', 'disabled', 'scheduled']);

export interface StatusReport {
  readonly id: string;
  readonly status: BotStatus;
  readonly runMode: 'continuous' | 'scheduled';
  readonly pid?: number;
  readonly detail?: string;
  /** Crontab schedule of a scheduled bot. */
  readonly schedule?: string | null;
  /** Running, but gone from runtime.yaml. */
  readonly removed: boolean;
  /** Running with a configuration that differs from runtime.yaml now (reload to apply). */
  readonly changed: boolean;
}

/** The run mode the bot was started in, which may differ from runtime.yaml until it is reloaded. */
export function appliedRunMode(target: BotTarget): 'continuous' | 'scheduled' {
  return target.internal?.run_mode ?? target.runMode;
}

/** A live instance the bot reports itself (started in the foreground, by cron, or outside the manager). */
export function liveInstance(ctx: CtlContext, id: string): number | null {
  const state = readBotState(ctx.paths.varRunPath, id);
  return state && identifyBotProcess(state.pid, id) === true ? state.pid : null;
}

type BaseReport = Omit<StatusReport, 'removed' | 'changed' | 'runMode'>;

/** Status of a bot as a continuous bot: the process manager's view, or a live instance it does not know. */
export async function continuousStatus(ctx: CtlContext, manager: ProcessManager, target: BotTarget): Promise<BaseReport> {
  const ms: ManagerStatus = await manager.status({ id: target.id, params: target.params });
  switch (ms.state) {
    case 'running':
    case 'starting':
    case 'stopping':
      return { id: target.id, status: ms.state, ...(ms.pid ? { pid: ms.pid } : {}), ...(ms.detail ? { detail: ms.detail } : {}) };
    case 'unknown':
      return { id: target.id, status: 'unknown', detail: ms.detail ?? 'unknown' };
    case 'stopped': {
      const pid = liveInstance(ctx, target.id);
      if (pid !== null) return { id: target.id, status: 'running', pid, detail: OUTSIDE_MANAGER };
      return { id: target.id, status: target.enabled ? 'stopped' : 'disabled', ...(ms.detail ? { detail: ms.detail } : {}) };
    }
  }
}

export const OUTSIDE_MANAGER = 'running outside the process manager';

export async function botStatuses(ctx: CtlContext, manager: ProcessManager, targets: readonly BotTarget[]): Promise<StatusReport[]> {
  const scheduledIds = targets.filter((t) => appliedRunMode(t) === 'scheduled').map((t) => t.id);
  const schedules = await scheduledTimes(ctx.env, scheduledIds);
  const globals = ctx.config().global;
  return Promise.all(
    targets.map(async (target): Promise<StatusReport> => {
      const runMode = appliedRunMode(target);
      let base: BaseReport;
      if (runMode === 'scheduled') {
        const schedule = schedules.get(target.id) ?? null;
        const pid = liveInstance(ctx, target.id);
        const status: BotStatus = schedule !== null ? 'scheduled' : target.enabled ? 'not scheduled' : 'disabled';
        base = { id: target.id, status, schedule, ...(pid !== null ? { pid, detail: 'running now' } : {}) };
      } else {
        base = await continuousStatus(ctx, manager, target);
      }
      const active = base.status === 'running' || base.status === 'scheduled' || base.status === 'starting' || base.status === 'stopping';
      if (!active && target.internal) removeInternalCopy(ctx.paths.varRunPath, target.id);
      const changed = active && target.internal !== null && target.config !== null && differsFromAdmin(target.internal, target.config, globals);
      return { ...base, runMode, removed: target.config === null, changed };
    }),
  );
}

/** Upstream's one-line status message of a bot. */
export function statusLines(report: StatusReport): Line[] {
  const id = report.id;
  const lines: Line[] = [];
  switch (report.status) {
    case 'running':
      lines.push(running(MSG.running(id)));
      break;
    case 'stopped':
      lines.push(info(MSG.stopped(id)));
      break;
    case 'disabled':
      lines.push(info(MSG.disabled(id)));
      break;
    case 'unknown':
      lines.push(error(MSG.errorUnknown(id, report.detail ?? 'unknown')));
      break;
    case 'starting':
      lines.push(info(MSG.startingState(id)));
      break;
    case 'stopping':
      lines.push(error(MSG.stoppingState(id)));
      break;
    case 'scheduled':
      lines.push(info(MSG.scheduled(id, report.schedule ?? '')));
      break;
    case 'not scheduled':
      lines.push(info(MSG.notScheduled(id)));
      break;
  }
  if (report.removed) lines.push(warning(MSG.removed(id)));
  return lines;
}
