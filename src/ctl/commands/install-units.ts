/**
 * `intelmqctl install-units [--unit-dir DIR] [--user USER]`: writes the
 * systemd unit files of the systemd process manager (see systemd/units.ts)
 * and enables the onboot unit.
 */
import type { Command } from 'commander';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { atomicWriteFile } from '../../config/write-file.ts';
import type { CtlContext } from '../context.ts';
import { CtlError } from '../errors.ts';
import { DEFAULT_STOP_TIMEOUT_SECONDS } from '../managers/select.ts';
import type { Host } from '../program.ts';
import { CONTINUOUS_TEMPLATE, ONBOOT_UNIT, SCHEDULED_TEMPLATE, continuousTemplate, onbootUnit, scheduledTemplate } from '../systemd/units.ts';

interface InstallFlags {
  readonly unitDir?: string;
  readonly user?: string;
  readonly enable: boolean;
}

async function installUnits(ctx: CtlContext, flags: InstallFlags): Promise<number> {
  const globals = ctx.globals();
  const unitDir = flags.unitDir ?? String(globals.systemd_unit_dir ?? '/etc/systemd/system');
  const options = { env: ctx.env, user: flags.user ?? null, stopTimeoutSeconds: DEFAULT_STOP_TIMEOUT_SECONDS };
  const units: Array<[string, string]> = [
    [CONTINUOUS_TEMPLATE, continuousTemplate(options)],
    [SCHEDULED_TEMPLATE, scheduledTemplate(options)],
    [ONBOOT_UNIT, onbootUnit(options)],
  ];
  try {
    mkdirSync(unitDir, { recursive: true });
    for (const [name, text] of units) {
      atomicWriteFile(join(unitDir, name), text);
      ctx.out.info(`Installed ${join(unitDir, name)}.`);
    }
  } catch (err) {
    throw new CtlError(`Could not write the unit files to '${unitDir}': ${(err as Error).message}`);
  }
  const { SystemdManager, splitCommand } = await import('../managers/systemd.ts');
  const systemd = new SystemdManager({ command: splitCommand(globals.systemctl_command), unitDir });
  const steps = [['daemon-reload'], ...(flags.enable ? [['enable', ONBOOT_UNIT]] : [])];
  for (const args of steps) {
    const result = await systemd.systemctl(args);
    if (result.code !== 0) {
      ctx.out.error(`systemctl ${args.join(' ')} failed (exit code ${result.code}): ${(result.stderr || result.stdout).trim()}`);
      ctx.out.result({ status: 'error', unit_dir: unitDir });
      return 1;
    }
  }
  if (flags.enable) ctx.out.info(`Enabled ${ONBOOT_UNIT}.`);
  ctx.out.result({ status: 'success', unit_dir: unitDir, units: units.map(([name]) => name) });
  return 0;
}

export function register(program: Command, host: Host): void {
  program
    .command('install-units')
    .description(`Install the systemd units ${CONTINUOUS_TEMPLATE}, ${SCHEDULED_TEMPLATE} and ${ONBOOT_UNIT} (process_manager: systemd).`)
    .option('--unit-dir <dir>', 'directory of the unit files (default: global systemd_unit_dir or /etc/systemd/system)')
    .option('--user <user>', 'run the bots as this user (User= of the units)')
    .option('--no-enable', `do not enable ${ONBOOT_UNIT}`)
    .action(host.wrap(installUnits));
}
