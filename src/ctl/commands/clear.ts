/** `intelmqctl clear <queue>`: drops the waiting messages of a configured queue. */
import type { Command } from 'commander';
import type { CtlContext } from '../context.ts';
import type { Host } from '../program.ts';
import { allBotQueues, openAdmin } from '../queues.ts';

async function clear(ctx: CtlContext, queue: string): Promise<number> {
  const admin = await openAdmin(ctx);
  try {
    const known = new Set<string>();
    for (const bot of allBotQueues(ctx)) {
      const source = bot.source ?? `${bot.id}-queue`;
      known.add(source);
      if (admin.hasInternalQueues) known.add(`${source}-internal`);
      for (const q of Object.values(bot.destinations).flat()) known.add(q);
    }
    if (!known.has(queue)) {
      ctx.out.error(`Queue ${queue} does not exist!`);
      ctx.out.result('not-found');
      return 2;
    }
    ctx.out.info(`Clearing queue ${queue}.`);
    try {
      await admin.clear(queue);
    } catch (err) {
      ctx.out.error(`Error while clearing queue ${queue}: ${(err as Error).message}`);
      ctx.out.result('error');
      return 1;
    }
    ctx.out.info(`Successfully cleared queue ${queue}.`);
    ctx.out.result('success');
    return 0;
  } finally {
    await admin.close();
  }
}

export function register(program: Command, host: Host): void {
  program.command('clear').description('Remove all waiting messages of a queue.').argument('<queue>', 'queue name').action(host.wrap(clear));
}
