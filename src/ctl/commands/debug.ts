/** `intelmqctl debug [--get-paths] [--get-environment-variables]`. */
import type { Command } from 'commander';
import { CTL_SCRIPT } from '../launcher.ts';
import type { CtlContext } from '../context.ts';
import type { Host } from '../program.ts';

interface DebugFlags {
  readonly getPaths?: boolean;
  readonly getEnvironmentVariables?: boolean;
}

const VARIABLES = ['INTELMQ_ROOT_DIR', 'INTELMQ_PATHS_NO_OPT', 'INTELMQ_PATHS_OPT', 'INTELMQ_MANAGER_CONTROLLER_CMD', 'PATH'] as const;

/** Python repr of a str or None, as upstream prints the values. */
function repr(value: string | undefined): string {
  return value === undefined ? 'None' : `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

async function debug(ctx: CtlContext, flags: DebugFlags): Promise<number> {
  const both = !flags.getPaths && !flags.getEnvironmentVariables;
  const p = ctx.paths;
  const result: { paths?: Record<string, string>; environment_variables?: Record<string, string | null> } = {};
  if (both || flags.getPaths) {
    result.paths = {
      HARMONIZATION_CONF_FILE: p.harmonizationFile,
      RUNTIME_CONF_FILE: p.runtimeFile,
      VAR_RUN_PATH: p.varRunPath,
      STATE_FILE_PATH: p.stateFilePath,
      DEFAULT_LOGGING_PATH: p.loggingPath,
      __file__: CTL_SCRIPT,
      CONFIG_DIR: p.configDir,
      ROOT_DIR: p.root,
    };
    ctx.out.print(`Paths:\n${Object.entries(result.paths).map(([k, v]) => `${k}: ${repr(v)}`).join('\n')}`);
  }
  if (both || flags.getEnvironmentVariables) {
    result.environment_variables = Object.fromEntries(VARIABLES.map((v) => [v, ctx.env[v] ?? null]));
    ctx.out.print(`Environment variables:\n${VARIABLES.map((v) => `${v}: ${repr(ctx.env[v])}`).join('\n')}`);
  }
  ctx.out.result(result);
  return 0;
}

export function register(program: Command, host: Host): void {
  program
    .command('debug')
    .description('Show the paths and environment variables intelmqctl uses.')
    .option('--get-paths', 'only the paths')
    .option('--get-environment-variables', 'only the environment variables')
    .action(host.wrap(debug));
}
