/** `intelmqctl restart [bot-id...]`: stop, then start, whatever the run mode and process manager. */
import type { Command } from 'commander';
import type { CtlContext } from '../context.ts';
import type { ActionResult } from '../lifecycle/result.ts';
import { startBots } from '../lifecycle/start.ts';
import { stopBots } from '../lifecycle/stop.ts';
import { MSG, info } from '../messages.ts';
import type { Host } from '../program.ts';
import { resolveTarget, selectTargets, subjectName } from '../targets.ts';
import { managerFor, printResults, selectionOptions, settleRemovedBots, statusMap, timingOf, warnRemovedBots, type SelectionFlags } from './shared.ts';

async function restart(ctx: CtlContext, ids: string[], flags: SelectionFlags): Promise<number> {
  const timing = timingOf(flags);
  const manager = await managerFor(ctx, timing);
  try {
    if (ids.length === 1 && !flags.group && !flags.filter) {
      await warnRemovedBots(ctx, manager);
      const target = resolveTarget(ctx, ids[0]!, false);
      const [stopped] = await stopBots(ctx, manager, [target], timing);
      printResults(ctx, [stopped!]);
      if (!stopped!.ok) {
        ctx.out.result(stopped!.status);
        return 1;
      }
      const [started] = await startBots(ctx, manager, [{ ...target, internal: null }], timing);
      printResults(ctx, [started!]);
      ctx.out.result([stopped!.status, started!.status]);
      return started!.ok ? 0 : 1;
    }
    const removed = await settleRemovedBots(ctx, manager, 'restart');
    const subject = subjectName(ids, flags);
    ctx.out.info(MSG.restarting(subject));
    const targets = selectTargets(ctx, ids, flags);
    const stopped = await stopBots(ctx, manager, [...removed, ...targets], timing);
    printResults(ctx, stopped);
    const wanted = targets.filter((t) => t.enabled || ids.length > 0).map((t) => ({ ...t, internal: null }));
    const started = await startBots(ctx, manager, wanted, timing);
    const results: ActionResult[] = targets.map((t) => started.find((r) => r.id === t.id) ?? { id: t.id, status: 'disabled', ok: true, lines: [info(MSG.disabled(t.id))] });
    printResults(ctx, results);
    const failed = [...stopped.filter((r) => !r.ok), ...results.filter((r) => !r.ok)];
    if (failed.length === 0) ctx.out.running(MSG.running(subject));
    else ctx.out.error(`${subject}: restart failed for ${[...new Set(failed.map((r) => r.id))].join(', ')}.`);
    ctx.out.result(statusMap(results));
    return failed.length === 0 ? 0 : 1;
  } finally {
    await manager.close();
  }
}

export function register(program: Command, host: Host): void {
  const command = program.command('restart').description('Stop and start bots again. Without a bot id: the whole botnet.').argument('[bot-id...]', 'bot ids (default: all bots)');
  selectionOptions(command, true).action(host.wrap(restart));
}
