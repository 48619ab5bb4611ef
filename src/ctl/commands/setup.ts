/**
 * `intelmqctl setup`: create the installation layout (etc/, var/log/,
 * var/run/, var/lib/bots/), a harmonization.conf and a minimal runtime.yaml,
 * as upstream's intelmqsetup does; existing files are kept. Without
 * INTELMQ_ROOT_DIR and with /opt/intelmq not writable, a user-writable root is
 * chosen and the operator is told to export it.
 */
import type { Command } from 'commander';
import { chooseRoot, resolvePaths } from '../../config/paths.ts';
import { setupInstallation } from '../../demo/setup.ts';
import type { CtlContext } from '../context.ts';
import type { Host } from '../program.ts';

export function register(program: Command, host: Host): void {
  program
    .command('setup')
    .description('Create the directories and default configuration of an installation (keeps existing files).')
    .option('--demo', 'write the demo botnet into a new runtime.yaml')
    .action(
      host.wrap(async (ctx: CtlContext, opts: { demo?: boolean }) => {
        const explicit = Boolean(process.env['INTELMQ_ROOT_DIR'] || process.env['INTELMQ_PATHS_NO_OPT']);
        const choice = explicit ? null : chooseRoot(process.env);
        const paths = choice ? resolvePaths({ ...process.env, INTELMQ_ROOT_DIR: choice.root }) : ctx.paths;
        const { created } = setupInstallation(paths, { demo: opts.demo ?? false });
        for (const c of created) ctx.out.info(`Created ${c.replace(/\/$/, "")}.`);
        ctx.out.info(created.length ? `Installation ready in ${paths.configDir}.` : `Nothing to do: ${paths.configDir} is already set up.`);
        if (choice && !choice.root.startsWith('/opt/intelmq')) {
          ctx.out.info(`${choice.reason} Use it with: export INTELMQ_ROOT_DIR=${choice.root}`);
        }
        return 0;
      }),
    );
}
