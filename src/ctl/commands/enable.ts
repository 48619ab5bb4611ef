/** `intelmqctl enable <bot-id>`: see onboot.ts for what enabling means per process manager. */
import type { Command } from 'commander';
import type { CtlContext } from '../context.ts';
import type { Host } from '../program.ts';
import { setEnabled } from './onboot.ts';

export function register(program: Command, host: Host): void {
  program
    .command('enable')
    .description('Enable a bot: enabled: true, and start it at boot where the process manager can (systemd).')
    .argument('<bot-id>', 'bot id')
    .action(host.wrap((ctx: CtlContext, id: string) => setEnabled(ctx, id, true)));
}
