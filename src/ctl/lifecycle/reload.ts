/**
 * Reloading bots: continuous bots get SIGHUP and are awaited until they
 * report running again with a new state record; scheduled bots get their
 * crontab line rewritten when schedule_time changed. A bot whose run mode
 * changed in runtime.yaml is switched over (stopped in the old mode, started
 * in the new one). All bots are reloaded at once.
 */
import type { CtlContext } from '../context.ts';
import type { ProcessManager } from '../managers/types.ts';
import { MSG, error, info, running, warning, type Line } from '../messages.ts';
import { readBotState, runFile } from '../run-files.ts';
import { scheduleBots } from '../schedule/scheduler.ts';
import type { BotTarget } from '../targets.ts';
import { waitReady } from './readiness.ts';
import type { ActionResult, TimingOptions } from './result.ts';
import { keepInternalCopy, startBots } from './start.ts';
import { appliedRunMode, botStatuses, continuousStatus } from './status.ts';
import { stopBots } from './stop.ts';

async function reloadContinuous(ctx: CtlContext, manager: ProcessManager, target: BotTarget, timing: TimingOptions): Promise<ActionResult> {
  const id = target.id;
  const bot = { id, params: target.params };
  const current = await continuousStatus(ctx, manager, target);
  if (current.status === 'disabled') return { id, status: 'disabled', ok: true, lines: [info(MSG.disabled(id))] };
  if (current.status !== 'running') {
    const lines = current.status === 'unknown' ? [error(MSG.errorUnknown(id, current.detail ?? 'unknown'))] : [error(MSG.errorStopped(id))];
    return { id, status: current.status, ok: false, lines };
  }
  const before = readBotState(ctx.paths.varRunPath, id);
  const reloading = info(MSG.reloading(id));
  try {
    await manager.reload(bot);
  } catch (err) {
    return { id, status: 'running', ok: false, lines: [reloading, error(`Bot ${id} failed to RELOAD: ${(err as Error).message}`)] };
  }
  const failure = async () => ((await continuousStatus(ctx, manager, target)).status === 'running' ? null : `the bot exited during the reload; see its log and ${runFile(ctx.paths.varRunPath, id, 'output')}.`);
  const outcome = await waitReady(ctx, manager, bot, { failure }, { after: before }, timing.readyTimeoutMs);
  switch (outcome.kind) {
    case 'ready':
      keepInternalCopy(ctx, manager, target);
      return { id, status: 'running', ok: true, lines: [reloading, running(MSG.running(id))] };
    case 'failed':
      return { id, status: 'stopped', ok: false, lines: [reloading, error(`Bot ${id} failed to RELOAD: ${outcome.reason}`)] };
    case 'timeout': {
      const seconds = timing.readyTimeoutMs / 1000;
      // Collectors take a reload at the end of their rate_limit pause, as upstream's do.
      if (target.group === 'Collector') {
        keepInternalCopy(ctx, manager, target);
        return { id, status: 'running', ok: true, lines: [reloading, running(MSG.running(id)), warning(`Bot ${id} got the reload request; as a collector it re-reads its configuration after its current rate_limit pause.`)] };
      }
      return { id, status: 'running', ok: false, lines: [reloading, error(`Bot ${id} did not confirm the reload within ${seconds} s; it is still running with its previous configuration.`)] };
    }
  }
}

async function reloadScheduled(ctx: CtlContext, manager: ProcessManager, targets: readonly BotTarget[]): Promise<ActionResult[]> {
  if (targets.length === 0) return [];
  const reports = await botStatuses(ctx, manager, targets);
  const active = targets.filter((t) => reports.find((r) => r.id === t.id)!.status === 'scheduled');
  const results: ActionResult[] = targets
    .filter((t) => !active.includes(t))
    .map((t) => (t.enabled ? { id: t.id, status: 'not scheduled', ok: false, lines: [error(MSG.errorNotScheduled(t.id))] } : { id: t.id, status: 'disabled', ok: true, lines: [info(MSG.disabled(t.id))] }));
  if (active.length === 0) return results;
  let outcomes;
  try {
    outcomes = await scheduleBots(ctx.paths.varRunPath, ctx.env, active.map((t) => ({ id: t.id, scheduleTime: t.params.schedule_time })), true);
  } catch (err) {
    return [...results, ...active.map((t): ActionResult => ({ id: t.id, status: 'scheduled', ok: false, lines: [error((err as Error).message)] }))];
  }
  for (const o of outcomes) {
    if (o.result === 'invalid') {
      results.push({ id: o.id, status: 'scheduled', ok: false, lines: [error(`Bot ${o.id} keeps its previous schedule: ${o.message}`)] });
      continue;
    }
    keepInternalCopy(ctx, manager, active.find((t) => t.id === o.id)!);
    const lines: Line[] = o.result === 'rewritten' ? [info(`Bot ${o.id} is rescheduled (${o.schedule}).`)] : [info(MSG.scheduled(o.id, o.schedule))];
    results.push({ id: o.id, status: 'scheduled', ok: true, lines });
  }
  return results;
}

/** A bot whose run mode changed since it was started: stop it as it runs, start it as configured. */
async function switchRunMode(ctx: CtlContext, manager: ProcessManager, target: BotTarget, timing: TimingOptions): Promise<ActionResult> {
  const from = appliedRunMode(target);
  const note = info(`The run mode of bot ${target.id} changed from ${from} to ${target.runMode}; stopping it and starting it again.`);
  const [stopped] = await stopBots(ctx, manager, [target], timing);
  if (!stopped!.ok) return { ...stopped!, lines: [note, ...stopped!.lines] };
  const [started] = await startBots(ctx, manager, [{ ...target, internal: null }], timing);
  return { ...started!, lines: [note, ...stopped!.lines, ...started!.lines] };
}

export async function reloadBots(ctx: CtlContext, manager: ProcessManager, targets: readonly BotTarget[], timing: TimingOptions): Promise<ActionResult[]> {
  const removed = targets.filter((t) => t.config === null);
  const switching = targets.filter((t) => t.config !== null && appliedRunMode(t) !== t.runMode);
  const rest = targets.filter((t) => t.config !== null && !switching.includes(t));
  const results = (
    await Promise.all([
      reloadScheduled(ctx, manager, rest.filter((t) => t.runMode === 'scheduled')),
      Promise.all(rest.filter((t) => t.runMode === 'continuous').map((t) => reloadContinuous(ctx, manager, t, timing))),
      Promise.all(switching.map((t) => switchRunMode(ctx, manager, t, timing))),
    ])
  ).flat();
  for (const t of removed) {
    results.push({ id: t.id, status: 'running', ok: false, lines: [error(`Bot ${t.id} is no longer in the runtime configuration; there is nothing to reload. Stop it with 'intelmqctl stop ${t.id}'.`)] });
  }
  return targets.map((t) => results.find((r) => r.id === t.id)!);
}
