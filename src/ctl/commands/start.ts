/** `intelmqctl start [bot-id...] [--group G] [--filter F] [--oneshot] [--foreground] [--schedule-exec]`. */
import type { Command } from 'commander';
import type { CtlContext } from '../context.ts';
import { UsageError } from '../errors.ts';
import type { ActionResult } from '../lifecycle/result.ts';
import { startBots } from '../lifecycle/start.ts';
import { stopBots } from '../lifecycle/stop.ts';
import { MSG, info } from '../messages.ts';
import type { Host } from '../program.ts';
import { resolveTarget, selectTargets, subjectName } from '../targets.ts';
import { managerFor, printResults, selectionOptions, settleRemovedBots, statusMap, timingOf, warnRemovedBots, type SelectionFlags } from './shared.ts';

interface StartFlags extends SelectionFlags {
  readonly oneshot?: boolean;
  readonly foreground?: boolean;
  readonly scheduleExec?: boolean;
}

async function start(ctx: CtlContext, ids: string[], flags: StartFlags): Promise<number> {
  if (flags.oneshot || flags.foreground || flags.scheduleExec) {
    if (ids.length !== 1 || flags.group || flags.filter) throw new UsageError('--oneshot, --foreground and --schedule-exec run exactly one bot: give one bot id.');
    const { runDirect } = await import('../lifecycle/direct.ts');
    return runDirect(ctx, resolveTarget(ctx, ids[0]!, false), { oneshot: Boolean(flags.oneshot), foreground: Boolean(flags.foreground), scheduleExec: Boolean(flags.scheduleExec) });
  }
  const timing = timingOf(flags);
  const manager = await managerFor(ctx, timing);
  try {
    if (ids.length === 1 && !flags.group && !flags.filter) {
      await warnRemovedBots(ctx, manager);
      const [result] = await startBots(ctx, manager, [resolveTarget(ctx, ids[0]!, false)], timing);
      printResults(ctx, [result!]);
      ctx.out.result(result!.status);
      return result!.ok ? 0 : 1;
    }
    const targets = selectTargets(ctx, ids, flags);
    const removed = await settleRemovedBots(ctx, manager, 'start');
    if (removed.length) printResults(ctx, await stopBots(ctx, manager, removed, timing));
    const subject = subjectName(ids, flags);
    ctx.out.info(MSG.starting(subject));
    // Explicitly named bots start even when disabled, as a single `start <id>` does upstream.
    const wanted = targets.filter((t) => t.enabled || ids.length > 0);
    const started = await startBots(ctx, manager, wanted, timing);
    const results: ActionResult[] = targets.map(
      (t) => started.find((r) => r.id === t.id) ?? { id: t.id, status: 'disabled', ok: true, lines: [info(MSG.disabled(t.id))] },
    );
    printResults(ctx, results);
    const failed = results.filter((r) => !r.ok);
    for (const r of failed) ctx.out.print(`${r.id} ${r.status}`);
    if (failed.length === 0) ctx.out.running(MSG.running(subject));
    else ctx.out.error(`${subject}: ${failed.length} of ${results.length} bot(s) did not start: ${failed.map((r) => r.id).join(', ')}.`);
    ctx.out.result(statusMap(results));
    return failed.length === 0 ? 0 : 1;
  } finally {
    await manager.close();
  }
}

export function register(program: Command, host: Host): void {
  const command = program
    .command('start')
    .description('Start bots: one bot, the given bots, or all enabled bots. Scheduled bots get their crontab line.')
    .argument('[bot-id...]', 'bot ids (default: all enabled bots)')
    .option('--oneshot', 'run the bot now until it processed one message, then exit with its exit code (ignores run_mode)')
    .option('--foreground', 'run the bot in the foreground with its log on the terminal')
    .option('--schedule-exec', 'run a scheduled bot once now (used by the generated crontab lines)');
  selectionOptions(command, true).action(host.wrap(start));
}
