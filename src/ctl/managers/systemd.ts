/**
 * `process_manager: systemd` (seed proposal P1): continuous bots are
 * instances of `intelmq.continuous@.service`, driven through a configurable
 * systemctl command (global `systemctl_command`, split on whitespace, never
 * passed to a shell).
 */
import { spawn } from 'node:child_process';
import { existsSync, lstatSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { CONTINUOUS_TEMPLATE, SCHEDULED_TEMPLATE, continuousUnit, scheduledUnit } from '../systemd/units.ts';
import { ManagerError, type Launch, type ManagedBot, type ManagerStatus, type ProcessManager, type StopOptions, type StopResult } from './types.ts';

export interface SystemdSettings {
  /** argv prefix, e.g. ['systemctl'] or ['python3', '/path/systemctl', '--root=/x']. */
  readonly command: readonly string[];
  readonly unitDir: string;
}

interface Completed {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function splitCommand(value: unknown): string[] {
  const words = Array.isArray(value) ? value.map(String) : String(value ?? 'systemctl').trim().split(/\s+/);
  if (words.length === 0 || words[0] === '') throw new ManagerError('systemctl_command is empty.');
  return words;
}

export class SystemdManager implements ProcessManager {
  readonly name = 'systemd' as const;

  constructor(private readonly settings: SystemdSettings) {}

  /** Runs systemctl; `inherit` passes its output through (scheduled runs). */
  systemctl(args: readonly string[], inherit = false): Promise<Completed> {
    const [command, ...prefix] = this.settings.command;
    return new Promise((resolve, reject) => {
      const child = spawn(command!, [...prefix, ...args], { stdio: inherit ? 'inherit' : ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.on('error', (err) => reject(new ManagerError(`Could not run ${this.settings.command.join(' ')}: ${err.message}.`)));
      child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr }));
    });
  }

  private async properties(unit: string): Promise<Map<string, string>> {
    const result = await this.systemctl(['show', unit]);
    const props = new Map<string, string>();
    for (const line of result.stdout.split('\n')) {
      const eq = line.indexOf('=');
      if (eq > 0) props.set(line.slice(0, eq), line.slice(eq + 1));
    }
    return props;
  }

  async status(bot: ManagedBot): Promise<ManagerStatus> {
    const props = await this.properties(continuousUnit(bot.id));
    const pid = Number(props.get('MainPID') ?? 0) || undefined;
    const withPid = pid === undefined ? {} : { pid };
    switch (props.get('ActiveState')) {
      case 'active':
      case 'reloading':
        return { state: 'running', ...withPid };
      case 'activating':
        return { state: 'starting', ...withPid };
      case 'deactivating':
        return { state: 'stopping', ...withPid };
      case 'failed':
        return { state: 'stopped', detail: `unit ${continuousUnit(bot.id)} failed (${props.get('Result') ?? props.get('SubState') ?? 'failed'})` };
      default:
        return { state: 'stopped' };
    }
  }

  /**
   * A link `<instance>.service` → template in the unit directory. systemd
   * instantiates templates without it, but service managers that cannot
   * (docker-systemctl-replacement) need it, and it is harmless for systemd.
   */
  private ensureInstanceLink(template: string, unit: string): void {
    const link = join(this.settings.unitDir, unit);
    if (!existsSync(join(this.settings.unitDir, template))) {
      throw new ManagerError(`The unit template ${join(this.settings.unitDir, template)} is missing; install it with 'intelmqctl install-units'.`);
    }
    try {
      lstatSync(link);
    } catch {
      try {
        symlinkSync(template, link);
      } catch {
        // Not writable: real systemd instantiates the template anyway.
      }
    }
  }

  private async must(args: string[]): Promise<void> {
    const result = await this.systemctl(args);
    if (result.code !== 0) throw new ManagerError(`systemctl ${args.join(' ')} failed (exit code ${result.code}): ${(result.stderr || result.stdout).trim()}`);
  }

  async start(bot: ManagedBot): Promise<Launch> {
    this.ensureInstanceLink(CONTINUOUS_TEMPLATE, continuousUnit(bot.id));
    await this.must(['start', continuousUnit(bot.id)]);
    return {
      failure: async () => {
        const status = await this.status(bot);
        return status.state === 'stopped' ? (status.detail ?? `unit ${continuousUnit(bot.id)} is inactive`) : null;
      },
    };
  }

  async stop(bot: ManagedBot, options: StopOptions): Promise<StopResult> {
    const started = Date.now();
    // systemd sends SIGKILL itself after TimeoutStopSec of the unit.
    await this.must(['stop', continuousUnit(bot.id)]);
    return { killed: Date.now() - started >= options.timeoutMs, timeoutMs: options.timeoutMs };
  }

  async reload(bot: ManagedBot): Promise<void> {
    await this.must(['reload', continuousUnit(bot.id)]);
  }

  async setOnboot(bot: ManagedBot, enabled: boolean): Promise<string | null> {
    if (enabled) this.ensureInstanceLink(CONTINUOUS_TEMPLATE, continuousUnit(bot.id));
    await this.must([enabled ? 'enable' : 'disable', continuousUnit(bot.id)]);
    return null;
  }

  /** One run of a scheduled bot through its oneshot unit; resolves to the exit code of systemctl. */
  async runScheduled(id: string): Promise<number> {
    this.ensureInstanceLink(SCHEDULED_TEMPLATE, scheduledUnit(id));
    return (await this.systemctl(['start', scheduledUnit(id)], true)).code;
  }

  async close(): Promise<void> {}
}
