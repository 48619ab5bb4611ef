/**
 * `process_manager: supervisor`: bots run under supervisord, driven over
 * XML-RPC. With the twiddler extension bots are added to the predefined group
 * `intelmq` at run time (as upstream); a stock supervisord gets one include
 * file per bot plus reloadConfig/addProcessGroup.
 */
import { accessSync, constants, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { atomicWriteFile } from '../../config/write-file.ts';
import type { Env } from '../context.ts';
import { ensureRunDir, runFile } from '../run-files.ts';
import { outputTail } from './intelmq.ts';
import { TWIDDLER_GROUP, includeFileText, includeGroupName, programOptions } from '../supervisor/program.ts';
import { XmlRpcFault, xmlRpcCall, type Endpoint, type XmlRpcValue } from '../supervisor/xmlrpc.ts';
import { ManagerError, type Launch, type ManagedBot, type ManagerStatus, type ProcessManager, type StopOptions, type StopResult } from './types.ts';

const FAULT = { UNKNOWN_METHOD: 1, BAD_NAME: 10, NOT_RUNNING: 70, ALREADY_ADDED: 90 } as const;
const STATE = { STOPPED: 0, STARTING: 10, RUNNING: 20, BACKOFF: 30, STOPPING: 40, EXITED: 100, FATAL: 200 } as const;
const SUPERVISOR_ONBOOT_UNSUPPORTED = 'IntelMQ does not support onboot configuration in supervisor process management. Please use systemd process management';

export interface SupervisorSettings {
  /** Unix socket path or http://host:port URL of supervisord. */
  readonly socket: string;
  /** Where bot include files go when supervisord has no twiddler. */
  readonly includeDir: string;
  readonly varRunPath: string;
  readonly env: Env;
  readonly stopTimeoutSeconds: number;
}

type Mode = 'twiddler' | 'include';

interface ProcessInfo {
  readonly state: number;
  readonly statename: string;
  readonly pid: number;
  readonly spawnerr: string;
  readonly description: string;
}

function isFault(err: unknown, code: number): boolean {
  return err instanceof XmlRpcFault && err.faultCode === code;
}

function endpointOf(socket: string): Endpoint {
  if (/^https?:\/\//.test(socket)) {
    const url = new URL(socket);
    return { socketPath: null, host: url.hostname, port: Number(url.port || 80), path: url.pathname === '/' ? '/RPC2' : url.pathname };
  }
  return { socketPath: socket, path: '/RPC2' };
}

export class SupervisorManager implements ProcessManager {
  readonly name = 'supervisor' as const;
  private readonly endpoint: Endpoint;
  private mode: Promise<Mode> | undefined;

  constructor(private readonly settings: SupervisorSettings) {
    this.endpoint = endpointOf(settings.socket);
  }

  private call(method: string, ...params: XmlRpcValue[]): Promise<XmlRpcValue> {
    return xmlRpcCall(this.endpoint, method, params);
  }

  /** Upstream's connection checks, done once; decides between twiddler and include files. */
  private connect(): Promise<Mode> {
    this.mode ??= this.detectMode();
    return this.mode;
  }

  private async detectMode(): Promise<Mode> {
    const socket = this.endpoint.socketPath;
    if (socket) {
      if (!existsSync(socket)) throw new ManagerError(`Socket '${socket}' does not exists. Is supervisor running?`);
      try {
        accessSync(socket, constants.W_OK);
      } catch {
        throw new ManagerError(`Socket '${socket}' is not writable. Has user '${process.env.USER ?? process.getuid?.()}' write permission?`);
      }
    }
    const state = (await this.call('supervisor.getState')) as { statename?: string };
    if (state.statename !== 'RUNNING') throw new ManagerError(`Unexpected supervisor state ${state.statename}.`);
    try {
      await this.call('twiddler.getAPIVersion');
    } catch (err) {
      if (!isFault(err, FAULT.UNKNOWN_METHOD)) throw err;
      this.checkIncludeDir();
      return 'include';
    }
    const groups = (await this.call('twiddler.getGroupNames')) as string[];
    if (!groups.includes(TWIDDLER_GROUP)) {
      throw new ManagerError(`Supervisor\`s process group '${TWIDDLER_GROUP}' is not defined. It must be created manually in supervisor config.`);
    }
    return 'twiddler';
  }

  private checkIncludeDir(): void {
    const dir = this.settings.includeDir;
    try {
      mkdirSync(dir, { recursive: true });
      accessSync(dir, constants.W_OK);
    } catch {
      throw new ManagerError(
        `supervisord has no twiddler extension, so intelmqctl adds bots as include files in '${dir}' (global parameter supervisor_include_dir), but that directory is not writable.`,
      );
    }
  }

  private async processName(id: string): Promise<string> {
    const mode = await this.connect();
    if (mode === 'twiddler') return `${TWIDDLER_GROUP}:${id}`;
    const group = includeGroupName(id);
    return `${group}:${group}`;
  }

  private includeFile(id: string): string {
    return join(this.settings.includeDir, `${includeGroupName(id)}.conf`);
  }

  private async info(id: string): Promise<ProcessInfo | null> {
    try {
      return (await this.call('supervisor.getProcessInfo', await this.processName(id))) as unknown as ProcessInfo;
    } catch (err) {
      if (isFault(err, FAULT.BAD_NAME)) return null;
      throw err;
    }
  }

  async status(bot: ManagedBot): Promise<ManagerStatus> {
    const info = await this.info(bot.id);
    if (!info) return { state: 'stopped' };
    switch (info.state) {
      case STATE.RUNNING:
        return { state: 'running', pid: info.pid };
      case STATE.STARTING:
      case STATE.BACKOFF:
        return { state: 'starting', pid: info.pid, detail: info.statename };
      case STATE.STOPPING:
        return { state: 'stopping', pid: info.pid };
      default:
        return { state: 'stopped', detail: `${info.statename}${info.spawnerr ? `: ${info.spawnerr}` : info.description ? `: ${info.description}` : ''}` };
    }
  }

  private options(id: string) {
    return {
      id,
      env: this.settings.env,
      outputFile: runFile(this.settings.varRunPath, id, 'output'),
      stopTimeoutSeconds: this.settings.stopTimeoutSeconds,
    };
  }

  async start(bot: ManagedBot): Promise<Launch> {
    const mode = await this.connect();
    ensureRunDir(this.settings.varRunPath);
    const existing = await this.info(bot.id);
    if (mode === 'twiddler') {
      if (existing) await this.call('twiddler.removeProcessFromGroup', TWIDDLER_GROUP, bot.id);
      await this.call('twiddler.addProgramToGroup', TWIDDLER_GROUP, bot.id, programOptions(this.options(bot.id)));
    } else {
      await this.startFromInclude(bot.id, existing !== null);
    }
    return { failure: () => this.failure(bot.id) };
  }

  private async startFromInclude(id: string, defined: boolean): Promise<void> {
    const group = includeGroupName(id);
    const file = this.includeFile(id);
    atomicWriteFile(file, includeFileText(this.options(id)));
    let added: string[];
    let changed: string[];
    try {
      [[added, changed]] = (await this.call('supervisor.reloadConfig')) as [[string[], string[], string[]]];
    } catch (err) {
      // A file supervisord rejects would break every later reloadConfig, for all bots.
      rmSync(file, { force: true });
      throw err;
    }
    if (defined && changed.includes(group)) {
      await this.call('supervisor.removeProcessGroup', group);
      defined = false;
    }
    if (!defined) {
      if (!added.includes(group) && !changed.includes(group)) {
        rmSync(file, { force: true });
        throw new ManagerError(`supervisord did not read '${file}'. Add "[include] files = ${join(this.settings.includeDir, '*.conf')}" to its configuration.`);
      }
      try {
        await this.call('supervisor.addProcessGroup', group);
        return;
      } catch (err) {
        if (!isFault(err, FAULT.ALREADY_ADDED)) throw err;
      }
    }
    await this.call('supervisor.startProcess', `${group}:${group}`, false);
  }

  private async failure(id: string): Promise<string | null> {
    const info = await this.info(id);
    if (!info) return 'supervisord does not know the process any more.';
    if (info.state !== STATE.FATAL && info.state !== STATE.EXITED && info.state !== STATE.STOPPED) return null;
    const tail = outputTail(runFile(this.settings.varRunPath, id, 'output'));
    return `supervisord reports ${info.statename}${info.spawnerr ? `: ${info.spawnerr}` : ''}.${tail ? `\n${tail}` : ''}`;
  }

  async stop(bot: ManagedBot, options: StopOptions): Promise<StopResult> {
    const mode = await this.connect();
    const name = await this.processName(bot.id);
    const started = Date.now();
    try {
      await this.call('supervisor.stopProcess', name, true);
    } catch (err) {
      if (!isFault(err, FAULT.NOT_RUNNING) && !isFault(err, FAULT.BAD_NAME)) throw err;
    }
    // supervisord sends SIGKILL itself once stopwaitsecs (the stop timeout at start) has passed.
    const killed = Date.now() - started >= this.settings.stopTimeoutSeconds * 1000;
    try {
      if (mode === 'twiddler') await this.call('twiddler.removeProcessFromGroup', TWIDDLER_GROUP, bot.id);
      else await this.call('supervisor.removeProcessGroup', includeGroupName(bot.id));
    } catch (err) {
      if (!isFault(err, FAULT.BAD_NAME)) throw err;
    }
    if (mode === 'include') rmSync(this.includeFile(bot.id), { force: true });
    return { killed, timeoutMs: options.timeoutMs };
  }

  async reload(bot: ManagedBot): Promise<void> {
    await this.call('supervisor.signalProcess', await this.processName(bot.id), 'HUP');
  }

  async setOnboot(): Promise<string | null> {
    return SUPERVISOR_ONBOOT_UNSUPPORTED;
  }

  async close(): Promise<void> {}
}
