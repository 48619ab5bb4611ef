/** Pieces the bot-controlling commands (start, stop, restart, reload, status) share. */
import type { Command } from 'commander';
import type { CtlContext } from '../context.ts';
import { UsageError } from '../errors.ts';
import { confirm } from '../interaction.ts';
import type { ActionResult, TimingOptions } from '../lifecycle/result.ts';
import { botStatuses } from '../lifecycle/status.ts';
import { createManager, DEFAULT_STOP_TIMEOUT_SECONDS } from '../managers/select.ts';
import type { ProcessManager } from '../managers/types.ts';
import { MSG, type Line } from '../messages.ts';
import { removedTargets, type BotTarget } from '../targets.ts';

export const DEFAULT_READY_TIMEOUT_SECONDS = 30;

export interface SelectionFlags {
  readonly group?: string;
  readonly filter?: string;
  readonly timeout?: string;
}

/** `--group`, `--filter` and `--timeout`, the options of every action taking bots. */
export function selectionOptions(command: Command, withTimeout: boolean): Command {
  command
    .option('--group <group>', 'only bots of this group: collectors, parsers, experts or outputs')
    .option('--filter <conditions>', 'only bots matching "key:value, key:value" (run_mode, group, module, enabled or any parameter)');
  if (withTimeout) command.option('--timeout <seconds>', 'longest wait for each bot to be ready (start, reload) or to stop before SIGKILL (stop)');
  return command;
}

function seconds(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`argument --timeout: invalid value '${value}': expected a positive number of seconds`);
  return n;
}

export function timingOf(flags: SelectionFlags): TimingOptions {
  const t = seconds(flags.timeout);
  return {
    readyTimeoutMs: (t ?? DEFAULT_READY_TIMEOUT_SECONDS) * 1000,
    stopTimeoutMs: (t ?? DEFAULT_STOP_TIMEOUT_SECONDS) * 1000,
  };
}

export async function managerFor(ctx: CtlContext, timing: TimingOptions): Promise<ProcessManager> {
  return createManager(ctx, timing.stopTimeoutMs / 1000);
}

export function printLines(ctx: CtlContext, lines: readonly Line[]): void {
  for (const line of lines) {
    if (line.level === 'info') ctx.out.info(line.text);
    else if (line.level === 'running') ctx.out.running(line.text);
    else if (line.level === 'warning') ctx.out.warning(line.text);
    else ctx.out.error(line.text);
  }
}

export function printResults(ctx: CtlContext, results: readonly ActionResult[]): void {
  for (const r of results) printLines(ctx, r.lines);
}

export function statusMap(results: readonly { id: string; status: string }[]): Record<string, string> {
  return Object.fromEntries(results.map((r) => [r.id, r.status]));
}

/** Bots running (or scheduled) although removed from runtime.yaml; stale internal copies are dropped on the way. */
async function activeRemovedBots(ctx: CtlContext, manager: ProcessManager): Promise<BotTarget[]> {
  const removed = removedTargets(ctx);
  if (removed.length === 0) return [];
  const reports = await botStatuses(ctx, manager, removed);
  return removed.filter((t) => reports.some((r) => r.id === t.id && r.removed && ['running', 'scheduled', 'starting', 'stopping'].includes(r.status)));
}

/** The proposal's consistency check, run by every action: warn about bots that run without configuration. */
export async function warnRemovedBots(ctx: CtlContext, manager: ProcessManager): Promise<BotTarget[]> {
  const removed = await activeRemovedBots(ctx, manager);
  for (const t of removed) ctx.out.warning(MSG.removed(t.id));
  return removed;
}

/**
 * Before acting on the whole botnet: removed-but-running bots must be stopped
 * first. Asks on a terminal, proceeds with --yes, refuses otherwise.
 */
export async function settleRemovedBots(ctx: CtlContext, manager: ProcessManager, action: string): Promise<BotTarget[]> {
  const removed = await warnRemovedBots(ctx, manager);
  if (removed.length === 0) return [];
  const ids = removed.map((t) => t.id).join(', ');
  const stop = await confirm(
    ctx,
    `Stop the bot(s) ${ids}, which are no longer configured, before the ${action}?`,
    `Refusing to ${action} the botnet while bot(s) ${ids} run without configuration.`,
  );
  return stop ? removed : [];
}
