/** `intelmqctl disable <bot-id>`: see onboot.ts for what disabling means per process manager. */
import type { Command } from 'commander';
import type { CtlContext } from '../context.ts';
import type { Host } from '../program.ts';
import { setEnabled } from './onboot.ts';

export function register(program: Command, host: Host): void {
  program
    .command('disable')
    .description('Disable a bot: enabled: false, and no start at boot. A running bot keeps running.')
    .argument('<bot-id>', 'bot id')
    .action(host.wrap((ctx: CtlContext, id: string) => setEnabled(ctx, id, false)));
}
