/** `intelmqctl reload [bot-id...] [--group G] [--filter F] [--timeout S]`. */
import type { Command } from 'commander';
import type { CtlContext } from '../context.ts';
import { reloadBots } from '../lifecycle/reload.ts';
import { stopBots } from '../lifecycle/stop.ts';
import { MSG } from '../messages.ts';
import type { Host } from '../program.ts';
import { resolveTarget, selectTargets, subjectName } from '../targets.ts';
import { managerFor, printResults, selectionOptions, settleRemovedBots, statusMap, timingOf, warnRemovedBots, type SelectionFlags } from './shared.ts';

async function reload(ctx: CtlContext, ids: string[], flags: SelectionFlags): Promise<number> {
  const timing = timingOf(flags);
  const manager = await managerFor(ctx, timing);
  try {
    if (ids.length === 1 && !flags.group && !flags.filter) {
      await warnRemovedBots(ctx, manager);
      const [result] = await reloadBots(ctx, manager, [resolveTarget(ctx, ids[0]!, true)], timing);
      printResults(ctx, [result!]);
      ctx.out.result(result!.status);
      return result!.ok ? 0 : 1;
    }
    const removed = await settleRemovedBots(ctx, manager, 'reload');
    if (removed.length) printResults(ctx, await stopBots(ctx, manager, removed, timing));
    const subject = subjectName(ids, flags);
    ctx.out.info(MSG.reloading(subject));
    const results = await reloadBots(ctx, manager, selectTargets(ctx, ids, flags), timing);
    printResults(ctx, results);
    const failed = results.filter((r) => !r.ok);
    if (failed.length === 0) ctx.out.info(MSG.reloaded(subject));
    else ctx.out.error(`${subject}: ${failed.length} of ${results.length} bot(s) were not reloaded: ${failed.map((r) => r.id).join(', ')}.`);
    ctx.out.result(statusMap(results));
    return failed.length === 0 ? 0 : 1;
  } finally {
    await manager.close();
  }
}

export function register(program: Command, host: Host): void {
  const command = program
    .command('reload')
    .description('Reload bots (SIGHUP, waits for the bot to re-read its configuration); scheduled bots get their crontab line rewritten.')
    .argument('[bot-id...]', 'bot ids (default: all bots)');
  selectionOptions(command, true).action(host.wrap(reload));
}
