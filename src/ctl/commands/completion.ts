/** `intelmqctl completion bash|zsh`: prints a completion script (actions, flags, configured bot ids). */
import { Argument, type Command } from 'commander';
import { bashScript, completionModel, zshScript } from '../completion/scripts.ts';
import type { CtlContext } from '../context.ts';
import type { Host } from '../program.ts';

export function register(program: Command, host: Host): void {
  program
    .command('completion')
    .description('Print a shell completion script: source <(intelmqctl completion bash)')
    .addArgument(new Argument('<shell>', 'shell').choices(['bash', 'zsh']))
    .action(
      host.wrap(async (_ctx: CtlContext, shell: string) => {
        const model = completionModel(program);
        process.stdout.write(shell === 'zsh' ? zshScript(model) : bashScript(model));
        return 0;
      }),
    );
}
