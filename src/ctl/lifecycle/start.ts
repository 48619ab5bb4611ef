/**
 * Starting bots: continuous bots through the process manager, all launched
 * at once and each awaited until it reports ready; scheduled bots get their
 * crontab line (seed proposal P7). A started bot's configuration is kept as
 * the internal copy.
 */
import type { CtlContext } from '../context.ts';
import { writeInternalCopy } from '../internal-config.ts';
import type { ProcessManager } from '../managers/types.ts';
import { MSG, error, info, running, warning, type Line } from '../messages.ts';
import { formatLogEntry, logSourceOf, readLogEntries } from '../log-reader.ts';
import { ensureRunDir, runFile } from '../run-files.ts';
import { scheduleBots } from '../schedule/scheduler.ts';
import type { BotTarget } from '../targets.ts';
import { waitReady } from './readiness.ts';
import type { ActionResult, TimingOptions } from './result.ts';
import { continuousStatus, statusLines } from './status.ts';

/** A bot that fails after its logger is up says why only in its log; the last errors belong in the failure report. */
function recentErrors(target: BotTarget): Line[] {
  const source = logSourceOf(target.params, target.id);
  if (source.kind !== 'file') return [];
  try {
    const entries = readLogEntries(source, target.id, 3, 'ERROR');
    return entries.length ? [error(`Last errors in ${source.path}:\n${entries.map(formatLogEntry).join('\n')}`)] : [];
  } catch {
    return [];
  }
}

/** Records the configuration a bot now runs with (seed proposal P4). */
export function keepInternalCopy(ctx: CtlContext, manager: ProcessManager, target: BotTarget): void {
  if (target.config) writeInternalCopy(ctx.paths.varRunPath, target.config, ctx.config().global, manager.name);
}

async function startContinuous(ctx: CtlContext, manager: ProcessManager, target: BotTarget, timing: TimingOptions): Promise<ActionResult> {
  const id = target.id;
  const bot = { id, params: target.params };
  const current = await continuousStatus(ctx, manager, target);
  if (current.status === 'running' || current.status === 'starting') {
    keepInternalCopy(ctx, manager, target);
    return { id, status: current.status, ok: true, lines: statusLines({ ...current, runMode: 'continuous', removed: false, changed: false }) };
  }
  if (current.status === 'unknown') return { id, status: 'unknown', ok: false, lines: [error(MSG.errorUnknown(id, current.detail ?? 'unknown'))] };
  let launch;
  try {
    // The bot reports readiness in var/run; without the directory it could not.
    ensureRunDir(ctx.paths.varRunPath);
    launch = await manager.start(bot);
  } catch (err) {
    return { id, status: 'stopped', ok: false, lines: [info(MSG.starting(id)), error(MSG.errorStarting(id)), error((err as Error).message)] };
  }
  const outcome = await waitReady(ctx, manager, bot, launch, launch.pid === undefined ? {} : { pid: launch.pid }, timing.readyTimeoutMs);
  switch (outcome.kind) {
    case 'ready':
      keepInternalCopy(ctx, manager, target);
      return { id, status: 'running', ok: true, lines: [info(MSG.starting(id)), running(MSG.running(id))] };
    case 'failed':
      return { id, status: 'stopped', ok: false, lines: [info(MSG.starting(id)), error(MSG.errorStarting(id)), error(outcome.reason), ...recentErrors(target)] };
    case 'timeout': {
      const now = await continuousStatus(ctx, manager, target);
      if (now.status === 'running' || now.status === 'starting') keepInternalCopy(ctx, manager, target);
      const seconds = timing.readyTimeoutMs / 1000;
      return {
        id,
        status: now.status,
        ok: false,
        lines: [info(MSG.starting(id)), error(`Bot ${id} did not report to be ready within ${seconds} s (status: ${now.status}). See its log and ${runFile(ctx.paths.varRunPath, id, 'output')}.`)],
      };
    }
  }
}

async function startScheduled(ctx: CtlContext, manager: ProcessManager, targets: readonly BotTarget[]): Promise<ActionResult[]> {
  if (targets.length === 0) return [];
  let outcomes;
  try {
    outcomes = await scheduleBots(ctx.paths.varRunPath, ctx.env, targets.map((t) => ({ id: t.id, scheduleTime: t.params.schedule_time })), false);
  } catch (err) {
    return targets.map((t) => ({ id: t.id, status: 'not scheduled' as const, ok: false, lines: [error(MSG.errorStarting(t.id)), error((err as Error).message)] }));
  }
  return outcomes.map((o): ActionResult => {
    const target = targets.find((t) => t.id === o.id)!;
    if (o.result === 'invalid') return { id: o.id, status: 'not scheduled', ok: false, lines: [error(MSG.errorStarting(o.id)), error(o.message)] };
    keepInternalCopy(ctx, manager, target);
    const lines: Line[] = [info(MSG.scheduled(o.id, o.schedule))];
    if (o.result === 'unchanged' && target.params.schedule_time !== undefined && o.schedule !== String(target.params.schedule_time).trim().replace(/\s+/g, ' ')) {
      lines.push(warning(`Bot ${o.id}: the crontab has schedule '${o.schedule}' but schedule_time is '${String(target.params.schedule_time)}'; run 'intelmqctl reload ${o.id}' to apply it.`));
    }
    return { id: o.id, status: 'scheduled', ok: true, lines };
  });
}

/** Starts the bots in parallel; results in the order of `targets`. */
export async function startBots(ctx: CtlContext, manager: ProcessManager, targets: readonly BotTarget[], timing: TimingOptions): Promise<ActionResult[]> {
  const removed = targets.filter((t) => t.config === null);
  const scheduled = targets.filter((t) => t.config !== null && t.runMode === 'scheduled');
  const continuous = targets.filter((t) => t.config !== null && t.runMode === 'continuous');
  const results = await Promise.all([
    startScheduled(ctx, manager, scheduled),
    Promise.all(continuous.map((t) => startContinuous(ctx, manager, t, timing))),
  ]);
  const all: ActionResult[] = [
    ...results.flat(),
    ...removed.map((t): ActionResult => ({ id: t.id, status: 'unknown', ok: false, lines: [error(`Bot ${t.id} is no longer in the runtime configuration and cannot be started.`)] })),
  ];
  return targets.map((t) => all.find((r) => r.id === t.id)!);
}
