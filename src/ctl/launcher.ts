/**
 * How bots and intelmqctl itself are started from places that do not inherit
 * our environment (cron, systemd, supervisord): absolute node and script
 * paths, plus the variables that select the installation layout.
 */
import { fileURLToPath } from 'node:url';

export const BOT_SCRIPT = fileURLToPath(new URL('../../bin/intelmq-bot.js', import.meta.url));
export const CTL_SCRIPT = fileURLToPath(new URL('../../bin/intelmqctl.js', import.meta.url));

/** The variables src/config/paths.ts reads; they must reach every bot of this installation. */
const LAYOUT_VARIABLES = ['INTELMQ_ROOT_DIR', 'INTELMQ_PATHS_NO_OPT', 'INTELMQ_PATHS_OPT'] as const;

export function nodeExecutable(): string {
  return process.execPath;
}

/** argv of a bot process: `node <repo>/bin/intelmq-bot.js [--foreground] <id>`. */
export function botArgv(id: string, foreground = false): string[] {
  return [nodeExecutable(), BOT_SCRIPT, ...(foreground ? ['--foreground'] : []), id];
}

export function layoutEnvironment(env: Readonly<Record<string, string | undefined>>): Array<[string, string]> {
  const result: Array<[string, string]> = [];
  for (const name of LAYOUT_VARIABLES) {
    const value = env[name];
    if (value) result.push([name, value]);
  }
  return result;
}
