/** `intelmqctl run <id> console`: a Node REPL with the bot instance bound, instead of upstream's pdb/ipdb. */
import { start } from 'node:repl';
import type { CtlContext } from '../context.ts';
import type { Standalone } from './standalone.ts';

export async function openConsole(ctx: CtlContext, bot: Standalone, kind: string | undefined): Promise<number> {
  if (kind && kind !== 'node') ctx.out.warning(`Console '${kind}' is not available; using the Node.js REPL.`);
  ctx.out.print("*** Using console node. Please use 'self' to access to the bot instance properties. You may exit the console by '.exit' or Ctrl-D. ***");
  const repl = start({ prompt: `${bot.id}> `, useGlobal: false });
  Object.assign(repl.context, { self: bot.instance, bot: bot.instance, runner: bot.runner, params: bot.params, harmonization: bot.harmonization, logger: bot.logger });
  await new Promise<void>((resolve) => repl.on('exit', resolve));
  return 0;
}
