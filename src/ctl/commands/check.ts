/** `intelmqctl check [-q|--quiet] [-C|--no-connections]`. */
import type { Command } from 'commander';
import { runChecks } from '../check/checks.ts';
import type { CtlContext } from '../context.ts';
import type { Host } from '../program.ts';

interface CheckFlags {
  readonly quiet?: boolean;
  readonly connections: boolean;
}

async function check(ctx: CtlContext, flags: CheckFlags): Promise<number> {
  const { lines, failed } = await runChecks(ctx, !flags.connections);
  for (const [level, message] of lines) {
    if (level === 'error') ctx.out.error(message);
    else if (level === 'warning') ctx.out.warning(message);
    else if (!flags.quiet) ctx.out.info(message);
  }
  ctx.out.result({ status: failed ? 'error' : 'success', lines });
  return failed ? 1 : 0;
}

export function register(program: Command, host: Host): void {
  program
    .command('check')
    .description('Check the installation: configuration, pipeline connection, harmonization, bots and upgrade state.')
    .option('-q, --quiet', 'only warnings and errors')
    .option('-C, --no-connections', 'do not connect to the pipeline (no orphaned queue check)')
    .action(host.wrap(check));
}
