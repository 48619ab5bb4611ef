/**
 * intelmqctl's command line: upstream's global flags and actions (argparse
 * semantics: global flags before the action, usage errors exit with 2) plus
 * the seed proposal's extensions.
 */
import { Command, CommanderError, Option } from 'commander';
import { CtlContext, type GlobalFlags } from './context.ts';
import { CtlError } from './errors.ts';
import { COMMANDS } from './commands/index.ts';

/** The IntelMQ release whose intelmqctl interface this implements (reported by --version, recorded by upgrade-config). */
export const INTELMQ_VERSION = '3.3.1';

export type Handler = (ctx: CtlContext, ...args: never[]) => Promise<number>;

export interface Host {
  /** Turns a handler into a commander action: builds the context, maps the result and errors to the exit code. */
  wrap(handler: Handler): (...args: unknown[]) => Promise<void>;
}

export type Register = (program: Command, host: Host) => void;

function globalFlags(program: Command): GlobalFlags {
  const opts = program.opts<{ type: 'text' | 'json'; quiet?: boolean; yes?: boolean }>();
  return { type: opts.type, quiet: Boolean(opts.quiet), yes: Boolean(opts.yes) };
}

/** `log <id> -1`: argparse takes a negative number as an argument, commander as an option; `--` settles it. */
function protectNegativeNumbers(argv: readonly string[]): string[] {
  const action = argv.findIndex((a) => !a.startsWith('-') && a !== 'text' && a !== 'json');
  const negative = argv.findIndex((a, i) => i > action && /^-\d+$/.test(a));
  if (action < 0 || argv[action] !== 'log' || negative < 0 || argv.includes('--')) return [...argv];
  return [...argv.slice(0, negative), '--', ...argv.slice(negative)];
}

export async function runCli(argv: readonly string[]): Promise<number> {
  let exitCode = 0;
  let context: CtlContext | undefined;
  const program = new Command('intelmqctl');
  program
    .description('Manage IntelMQ bots: start, stop, reload, inspect and debug them, check and upgrade the configuration.')
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) })
    .version(INTELMQ_VERSION, '-v, --version', 'print the version and exit')
    .addOption(new Option('-t, --type <type>', 'output type').choices(['text', 'json']).default('text'))
    .option('-q, --quiet', 'only warnings and errors (for cron jobs and scripts)')
    .option('-y, --yes', 'answer yes to every question (non-interactive use)');

  const host: Host = {
    wrap(handler) {
      return async (...args: unknown[]) => {
        const ctx = new CtlContext(globalFlags(program));
        context = ctx;
        try {
          exitCode = await (handler as (ctx: CtlContext, ...rest: unknown[]) => Promise<number>)(ctx, ...args);
        } catch (err) {
          if (!(err instanceof CtlError)) throw err;
          ctx.out.error(err.message);
          exitCode = err.exitCode;
        }
      };
    },
  };
  for (const register of COMMANDS) register(program, host);

  const words = argv.filter((a, i) => !a.startsWith('-') && !['-t', '--type'].includes(argv[i - 1] ?? ''));
  if (words.length === 0 && !argv.some((a) => ['-h', '--help', '-v', '--version'].includes(a))) {
    // Upstream prints the help to stdout and succeeds when no action is given.
    program.outputHelp();
    return 0;
  }
  try {
    await program.parseAsync(protectNegativeNumbers(argv), { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help (also for a missing action, as upstream) and --version exit 0; argparse uses 2 for usage errors.
      return err.exitCode === 0 || err.code === 'commander.help' ? 0 : 2;
    }
    const message = err instanceof Error ? (process.env.INTELMQCTL_DEBUG ? (err.stack ?? err.message) : err.message) : String(err);
    process.stderr.write(`${message}\n`);
    return 1;
  } finally {
    context?.out.close();
  }
  return exitCode;
}
