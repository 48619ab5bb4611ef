/** `intelmqctl stop [bot-id...] [--group G] [--filter F] [--timeout S]`. */
import type { Command } from 'commander';
import type { CtlContext } from '../context.ts';
import { stopBots } from '../lifecycle/stop.ts';
import { MSG } from '../messages.ts';
import type { Host } from '../program.ts';
import { resolveTarget, selectTargets, subjectName } from '../targets.ts';
import { managerFor, printResults, selectionOptions, statusMap, timingOf, warnRemovedBots, type SelectionFlags } from './shared.ts';

async function stop(ctx: CtlContext, ids: string[], flags: SelectionFlags): Promise<number> {
  const timing = timingOf(flags);
  const manager = await managerFor(ctx, timing);
  try {
    if (ids.length === 1 && !flags.group && !flags.filter) {
      // A bot removed from runtime.yaml while running can still be stopped (seed proposal P4).
      const [result] = await stopBots(ctx, manager, [resolveTarget(ctx, ids[0]!, true)], timing);
      printResults(ctx, [result!]);
      ctx.out.result(result!.status);
      return result!.ok ? 0 : 1;
    }
    if (ids.length > 0) await warnRemovedBots(ctx, manager);
    const subject = subjectName(ids, flags);
    ctx.out.info(MSG.stopping(subject));
    const results = await stopBots(ctx, manager, selectTargets(ctx, ids, { ...flags, includeRemoved: true }), timing);
    printResults(ctx, results);
    const failed = results.filter((r) => !r.ok);
    if (failed.length === 0) ctx.out.info(MSG.stopped(subject));
    else ctx.out.error(`${subject}: ${failed.length} of ${results.length} bot(s) did not stop: ${failed.map((r) => r.id).join(', ')}.`);
    ctx.out.result(statusMap(results));
    return failed.length === 0 ? 0 : 1;
  } finally {
    await manager.close();
  }
}

export function register(program: Command, host: Host): void {
  const command = program
    .command('stop')
    .description('Stop bots (SIGTERM, SIGKILL after the timeout); scheduled bots lose their crontab line. Without a bot id: all bots.')
    .argument('[bot-id...]', 'bot ids (default: all bots)');
  selectionOptions(command, true).action(host.wrap(stop));
}
