/**
 * A process manager runs continuous bots: intelmq (PID files), supervisor
 * (XML-RPC) or systemd. Waiting for readiness is common to all of them and
 * done by the caller through the bot's state file; a manager only launches,
 * stops, signals and reports.
 */
import type { ProcessManagerName } from '../context.ts';

export interface ManagedBot {
  readonly id: string;
  readonly params: Readonly<Record<string, unknown>>;
}

export type ManagerState = 'running' | 'starting' | 'stopping' | 'stopped' | 'unknown';

export interface ManagerStatus {
  readonly state: ManagerState;
  readonly pid?: number;
  /** Why the state is unknown, or what the manager says about a failed process. */
  readonly detail?: string;
}

export interface Launch {
  /** The bot's PID when the manager knows it right away. */
  readonly pid?: number;
  /** A reason once the launched process has failed (exited, fatal, failed unit); null while it may still come up. */
  failure(): Promise<string | null>;
}

export interface StopResult {
  /** The bot did not stop in time and was killed with SIGKILL. */
  readonly killed: boolean;
  readonly timeoutMs: number;
}

export interface StopOptions {
  /** How long the bot gets after SIGTERM before it is killed. */
  readonly timeoutMs: number;
}

export interface ProcessManager {
  readonly name: ProcessManagerName;
  status(bot: ManagedBot): Promise<ManagerStatus>;
  start(bot: ManagedBot): Promise<Launch>;
  /** Resolves once the process is gone. */
  stop(bot: ManagedBot, options: StopOptions): Promise<StopResult>;
  /** Sends the reload request (SIGHUP); the caller waits for the bot to report it. */
  reload(bot: ManagedBot): Promise<void>;
  /** Boot integration (seed proposal P2); managers without it return a reason. */
  setOnboot(bot: ManagedBot, enabled: boolean): Promise<string | null>;
  close(): Promise<void>;
}

export class ManagerError extends Error {
  override name = 'ManagerError';
}
