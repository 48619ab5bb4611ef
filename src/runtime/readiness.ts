/**
 * How a bot tells intelmqctl it is up or gone, instead of intelmqctl sleeping:
 * a state file `var/run/<id>.state` written atomically, and `sd_notify` when
 * systemd started us (NOTIFY_SOCKET), through systemd-notify.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { mkdirSync, rmSync } from 'node:fs';
import { atomicWriteFile } from '../config/write-file.ts';

export type BotState = 'starting' | 'running' | 'reloading' | 'stopping';

export interface StateRecord {
  pid: number;
  bot_id: string;
  state: BotState;
  since: string;
  argv: string[];
}

export function stateFilePath(varRunPath: string, botId: string): string {
  return join(varRunPath, `${botId}.state`);
}

export function writeState(varRunPath: string, botId: string, state: BotState): void {
  const record: StateRecord = { pid: process.pid, bot_id: botId, state, since: new Date().toISOString(), argv: process.argv.slice(1) };
  try {
    // Bots started at boot by systemd or supervisord may be the first to need var/run.
    mkdirSync(varRunPath, { recursive: true });
    atomicWriteFile(stateFilePath(varRunPath, botId), JSON.stringify(record));
  } catch {
    // var/run may be missing when a bot runs in the foreground outside an installation.
  }
  if (state === 'running') notifySystemd('READY=1');
  if (state === 'reloading') notifySystemd('RELOADING=1');
  if (state === 'stopping') notifySystemd('STOPPING=1');
}

export function clearState(varRunPath: string, botId: string): void {
  rmSync(stateFilePath(varRunPath, botId), { force: true });
}

function notifySystemd(status: string): void {
  if (!process.env['NOTIFY_SOCKET']) return;
  const child = spawn('systemd-notify', [`--pid=${process.pid}`, status], { stdio: 'ignore' });
  child.on('error', () => undefined);
  child.unref();
}
