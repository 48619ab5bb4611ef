/** Upstream's intelmqctl texts (MESSAGES / ERROR_MESSAGES); tools and operators match on them. */
export const MSG = {
  starting: (s: string) => `Starting ${s}...`,
  running: (s: string) => `Bot ${s} is running.`,
  stopped: (s: string) => `Bot ${s} is stopped.`,
  stopping: (s: string) => `Stopping bot ${s}...`,
  reloading: (s: string) => `Reloading bot ${s} ...`,
  reloaded: (s: string) => `Bot ${s} is reloaded.`,
  restarting: (s: string) => `Restarting ${s}...`,
  enabled: (s: string) => `Bot ${s} is enabled.`,
  disabled: (s: string) => `Bot ${s} is disabled.`,
  enabling: (s: string) => `Enabling ${s}.`,
  disabling: (s: string) => `Disabling ${s}.`,
  errorStarting: (s: string) => `Bot ${s} failed to START.`,
  errorRunning: (s: string) => `Bot ${s} is still running.`,
  errorStopped: (s: string) => `Bot ${s} was NOT RUNNING.`,
  errorStopping: (s: string) => `Bot ${s} failed to STOP.`,
  errorUnknown: (s: string, reason: string) => `Status of Bot ${s} is unknown: '${reason}'.`,
  // Run modes (seed proposal P3, P7).
  scheduled: (s: string, schedule: string) => `Bot ${s} is scheduled (${schedule}).`,
  notScheduled: (s: string) => `Bot ${s} is not scheduled.`,
  errorNotScheduled: (s: string) => `Bot ${s} was NOT SCHEDULED.`,
  startingState: (s: string) => `Bot ${s} is starting.`,
  stoppingState: (s: string) => `Bot ${s} is stopping.`,
  removed: (s: string) => `Bot ${s} is running but no longer in the runtime configuration. Stop it with 'intelmqctl stop ${s}' before removing a bot.`,
} as const;

export type LineLevel = 'info' | 'running' | 'warning' | 'error';

export interface Line {
  readonly level: LineLevel;
  readonly text: string;
}

export const info = (text: string): Line => ({ level: 'info', text });
export const running = (text: string): Line => ({ level: 'running', text });
export const warning = (text: string): Line => ({ level: 'warning', text });
export const error = (text: string): Line => ({ level: 'error', text });
