/**
 * The classic process manager (`process_manager: intelmq`, alias `pid`):
 * bots are detached child processes, tracked by `var/run/<id>.pid`, with
 * their console output in `var/run/<id>.output`.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import type { Env } from '../context.ts';
import { botArgv } from '../launcher.ts';
import { identifyBotProcess, signalProcess, terminateProcess } from '../proc.ts';
import { ensureRunDir, readPidFile, removeRunFile, runFile, writePidFile } from '../run-files.ts';
import { ManagerError, type Launch, type ManagedBot, type ManagerStatus, type ProcessManager, type StopOptions, type StopResult } from './types.ts';

const PID_ONBOOT_UNSUPPORTED = 'IntelMQ does not support onboot configuration in PID process management. Please use systemd process management';

/** The last lines a failed bot printed, for the error message. */
export function outputTail(file: string, lines = 20): string {
  try {
    const text = readFileSync(file, 'utf8').trimEnd();
    return text.split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

export class PidManager implements ProcessManager {
  readonly name = 'intelmq' as const;

  constructor(
    private readonly varRunPath: string,
    private readonly env: Env,
  ) {}

  async status(bot: ManagedBot): Promise<ManagerStatus> {
    const pid = readPidFile(this.varRunPath, bot.id);
    if (pid === null) return { state: 'stopped' };
    const identity = identifyBotProcess(pid, bot.id);
    if (identity === true) return { state: 'running', pid };
    if (typeof identity === 'string') return { state: 'unknown', pid, detail: identity };
    // The process is gone (or the PID now belongs to another bot): the file is stale.
    removeRunFile(this.varRunPath, bot.id, 'pid');
    return { state: 'stopped' };
  }

  async start(bot: ManagedBot): Promise<Launch> {
    ensureRunDir(this.varRunPath);
    const outputFile = runFile(this.varRunPath, bot.id, 'output');
    const fd = openSync(outputFile, 'w');
    const [command, ...args] = botArgv(bot.id);
    const env = { ...this.env };
    // A bot started from a systemd service (the onboot unit) must not report to that service.
    delete env.NOTIFY_SOCKET;
    let ended: string | null = null;
    const child = spawn(command!, args, { detached: true, stdio: ['ignore', fd, fd], env, cwd: '/' });
    closeSync(fd);
    child.on('error', (err) => {
      ended = `Bot ${bot.id} FAILED to start because the executable cannot be found. Check your PATH variable and your the installation. (${err.message})`;
    });
    child.on('exit', (code, signal) => {
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      const tail = outputTail(outputFile);
      ended = `The bot process ${how}.${tail ? `\n${tail}` : ''}`;
    });
    if (child.pid === undefined) {
      await new Promise((resolve) => setImmediate(resolve));
      throw new ManagerError(ended ?? `Bot ${bot.id} could not be started.`);
    }
    writePidFile(this.varRunPath, bot.id, child.pid);
    child.unref();
    return { pid: child.pid, failure: async () => ended };
  }

  async stop(bot: ManagedBot, options: StopOptions): Promise<StopResult> {
    const pid = readPidFile(this.varRunPath, bot.id);
    let killed = false;
    if (pid !== null && identifyBotProcess(pid, bot.id) === true) killed = (await terminateProcess(pid, options.timeoutMs)).killed;
    removeRunFile(this.varRunPath, bot.id, 'pid');
    return { killed, timeoutMs: options.timeoutMs };
  }

  async reload(bot: ManagedBot): Promise<void> {
    const pid = readPidFile(this.varRunPath, bot.id);
    if (pid === null || identifyBotProcess(pid, bot.id) !== true || !signalProcess(pid, 'SIGHUP')) {
      throw new ManagerError(`Bot ${bot.id} was NOT RUNNING.`);
    }
  }

  async setOnboot(): Promise<string | null> {
    return PID_ONBOOT_UNSUPPORTED;
  }

  async close(): Promise<void> {}
}
