/**
 * `intelmqctl status [bot-id...]`: the seed proposal's table (P8) with the
 * queue size and the processed/failed counters the bots write to var/run,
 * plus the last log lines for a single bot. `--brief` prints upstream's
 * one line per bot; JSON keeps upstream's shape unless `--details`.
 */
import type { Command } from 'commander';
import { loadRuntimeConfig } from '../../config/runtime.ts';
import { checkBotConfiguration } from '../check/bot-checks.ts';
import type { CtlContext } from '../context.ts';
import { GOOD_STATUSES, botStatuses, statusLines, type StatusReport } from '../lifecycle/status.ts';
import { formatLogEntry, logSourceOf, readLogEntries } from '../log-reader.ts';
import type { Host } from '../program.ts';
import { queuesOfBot, openAdmin } from '../queues.ts';
import { readBotStats } from '../run-files.ts';
import { selectTargets, type BotTarget } from '../targets.ts';
import { formatTable } from '../table.ts';
import { managerFor, printLines, selectionOptions, statusMap, timingOf, warnRemovedBots, type SelectionFlags } from './shared.ts';

interface StatusFlags extends SelectionFlags {
  readonly brief?: boolean;
  readonly details?: boolean;
}

interface Row {
  readonly bot_id: string;
  readonly status: string;
  readonly run_mode: string;
  readonly scheduled_time: string | null;
  readonly onboot: boolean;
  readonly configtest: 'valid' | 'invalid' | 'unknown';
  readonly queue: number | null;
  readonly processed: number | null;
  readonly failed: number | null;
  readonly pid: number | null;
  readonly removed: boolean;
  readonly config_changed: boolean;
}

async function queueSizes(ctx: CtlContext, targets: readonly BotTarget[]): Promise<Map<string, number | null>> {
  const sources = new Map<string, string | null>();
  for (const t of targets) sources.set(t.id, t.config ? queuesOfBot(ctx, t.id).source : null);
  const names = [...new Set([...sources.values()].filter((q): q is string => q !== null))];
  const result = new Map<string, number | null>();
  if (names.length === 0) return result;
  try {
    const admin = await openAdmin(ctx);
    try {
      const counts = await admin.count(names);
      const inFlight = admin.hasInternalQueues ? await admin.inFlight(names) : {};
      for (const [id, q] of sources) if (q !== null) result.set(id, (counts[q] ?? 0) + (inFlight[q] ?? 0));
    } finally {
      await admin.close();
    }
  } catch (err) {
    ctx.out.warning(`Queue sizes are not available: ${(err as Error).message}`);
  }
  return result;
}

async function configValidity(ctx: CtlContext, targets: readonly BotTarget[]): Promise<Map<string, Row['configtest']>> {
  const { diagnostics } = loadRuntimeConfig(ctx.paths.runtimeFile);
  const result = new Map<string, Row['configtest']>();
  for (const t of targets) {
    if (!t.config) {
      result.set(t.id, 'unknown');
      continue;
    }
    const findings = await checkBotConfiguration(ctx, ctx.config(), diagnostics, t.id);
    result.set(t.id, findings.some((f) => f.level === 'error') ? 'invalid' : 'valid');
  }
  return result;
}

function shownStatus(report: StatusReport, configtest: Row['configtest']): string {
  const notes: string[] = [];
  if (report.removed) notes.push('removed from configuration');
  // The proposal's "unstable": running with a configuration that changed or does not pass configtest.
  else if (report.status === 'running' && (report.changed || configtest === 'invalid')) notes.push('unstable');
  if (report.detail && report.status !== 'unknown') notes.push(report.detail);
  return notes.length ? `${report.status} (${notes.join(', ')})` : report.status;
}

async function rows(ctx: CtlContext, targets: readonly BotTarget[], reports: readonly StatusReport[]): Promise<Row[]> {
  const [queues, validity] = await Promise.all([queueSizes(ctx, targets), configValidity(ctx, targets)]);
  return targets.map((t, i) => {
    const report = reports[i]!;
    const stats = readBotStats(ctx.paths.varRunPath, t.id);
    const configtest = validity.get(t.id) ?? 'unknown';
    return {
      bot_id: t.id,
      status: shownStatus(report, configtest),
      run_mode: report.runMode,
      scheduled_time: report.runMode === 'scheduled' ? (report.schedule ?? (typeof t.params.schedule_time === 'string' ? t.params.schedule_time : null)) : null,
      onboot: t.params.onboot === true,
      configtest,
      queue: queues.get(t.id) ?? null,
      processed: stats?.success ?? null,
      failed: stats?.failure ?? null,
      pid: report.pid ?? null,
      removed: report.removed,
      config_changed: report.changed,
    };
  });
}

function cell(value: string | number | null): string {
  return value === null ? '-' : String(value);
}

function printTable(ctx: CtlContext, table: readonly Row[]): void {
  const header = ['bot_id', 'run_mode', 'scheduled_time', 'status', 'onboot', 'configtest', 'queue', 'processed', 'failed'];
  const body = table.map((r) => [r.bot_id, r.run_mode, cell(r.scheduled_time), r.status, r.onboot ? 'yes' : 'no', r.configtest, cell(r.queue), cell(r.processed), cell(r.failed)]);
  ctx.out.print(formatTable(header, body));
}

function printLastLog(ctx: CtlContext, target: BotTarget): void {
  const source = logSourceOf(target.params, target.id);
  if (source.kind === 'unknown') return;
  let lines: string[];
  try {
    lines = readLogEntries(source, target.id, 10, 'DEBUG').map(formatLogEntry);
  } catch {
    lines = ['No log file exists (yet).'];
  }
  ctx.out.print(`\nLast log lines of ${target.id} (${source.path}):\n${lines.length ? lines.join('\n') : '(empty)'}`);
}

async function status(ctx: CtlContext, ids: string[], flags: StatusFlags): Promise<number> {
  const timing = timingOf(flags);
  const manager = await managerFor(ctx, timing);
  try {
    if (ids.length !== 1) await warnRemovedBots(ctx, manager);
    const targets = selectTargets(ctx, ids, { ...flags, includeRemoved: true });
    const reports = await botStatuses(ctx, manager, targets);
    const ok = reports.every((r) => GOOD_STATUSES.has(r.status));
    const single = ids.length === 1 && !flags.group && !flags.filter;
    if (flags.brief) {
      for (const r of reports) printLines(ctx, statusLines(r));
    } else if (!ctx.out.json || flags.details) {
      const table = await rows(ctx, targets, reports);
      if (ctx.out.json) {
        ctx.out.result(single ? table[0] : table);
        return ok ? 0 : 1;
      }
      printTable(ctx, table);
      for (const r of reports.filter((x) => x.removed)) printLines(ctx, statusLines(r).filter((l) => l.level === 'warning'));
      if (single) printLastLog(ctx, targets[0]!);
    }
    ctx.out.result(single ? reports[0]!.status : statusMap(reports));
    return ok ? 0 : 1;
  } finally {
    await manager.close();
  }
}

export function register(program: Command, host: Host): void {
  const command = program
    .command('status')
    .description('Show the status of bots: run mode, schedule, process state, onboot, configtest, queue size and counters.')
    .argument('[bot-id...]', 'bot ids (default: all bots)')
    .option('--brief', "upstream's one line per bot (Bot X is running.)")
    .option('--details', 'with --type json: the whole table instead of {bot: status}');
  selectionOptions(command, false).action(host.wrap(status));
}
