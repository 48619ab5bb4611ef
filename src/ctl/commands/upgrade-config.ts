/**
 * `intelmqctl upgrade-config [-p X.Y.Z] [-d] [-u NAME] [-f] [--state-file PATH] [--no-backup]`
 * (alias `upgrade-conf`), including the 2.x layout (defaults.conf, pipeline.conf, BOTS).
 */
import type { Command } from 'commander';
import { constants, accessSync, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigFileError, formatDiagnostic } from '../../config/diagnostics.ts';
import type { CtlContext } from '../context.ts';
import { CtlError, UsageError } from '../errors.ts';
import { INTELMQ_VERSION, type Host } from '../program.ts';
import { runUpgrades, type Version } from '../upgrade/run.ts';

interface UpgradeFlags {
  readonly previous?: string;
  readonly dryRun?: boolean;
  readonly function?: string;
  readonly force?: boolean;
  readonly stateFile?: string;
  readonly backup: boolean;
}

function parseVersion(text: string): Version {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (!match) throw new UsageError(`argument -p/--previous: invalid version '${text}', expected X.Y.Z`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

function writable(path: string): boolean {
  try {
    accessSync(existsSync(path) ? path : dirname(path), constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

async function upgradeConfig(ctx: CtlContext, flags: UpgradeFlags): Promise<number> {
  const stateFile = flags.stateFile ?? ctx.paths.stateFilePath;
  if (!flags.dryRun && !writable(stateFile)) {
    ctx.out.error(`State file '${stateFile}' is not writable.`);
    ctx.out.result('error');
    return 1;
  }
  let status;
  try {
    status = runUpgrades(
      ctx.paths,
      {
        ...(flags.previous ? { previous: parseVersion(flags.previous) } : {}),
        ...(flags.function ? { function: flags.function } : {}),
        dryRun: Boolean(flags.dryRun),
        force: Boolean(flags.force),
        stateFile,
        backup: flags.backup,
        current: parseVersion(INTELMQ_VERSION),
      },
      ctx.out,
    );
  } catch (err) {
    if (err instanceof ConfigFileError) throw new CtlError(err.diagnostics.map(formatDiagnostic).join('\n'));
    throw err;
  }
  ctx.out.result(status);
  return status === 'error' ? 1 : 0;
}

export function register(program: Command, host: Host): void {
  program
    .command('upgrade-config')
    .alias('upgrade-conf')
    .description('Upgrade the configuration to this version (also converts the 2.x defaults.conf/pipeline.conf layout).')
    .option('-p, --previous <version>', 'the version upgraded from (default: the last one in the state file)')
    .option('-d, --dry-run', 'show what would change without writing anything')
    .option('-u, --function <name>', 'run only this upgrade function')
    .option('-f, --force', 'run functions that already succeeded again')
    .option('--state-file <path>', 'state file (default: STATE_FILE_PATH)')
    .option('--no-backup', 'do not keep .bak copies of changed files')
    .action(host.wrap(upgradeConfig));
}
