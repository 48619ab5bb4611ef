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

/**
 * V8 flags of every bot process (docs/process-managers.md, "Memory"). After a
 * full GC, V8 lets the heap grow by up to four times the live data before the
 * next one: bots passing small messages on Redis peaked at 140-180 MiB.
 * Growing by half instead keeps them up to 55 MiB lower at the same CPU time
 * per event, and limits nothing, so huge reports still fit. The young
 * generation gets 16 MiB instead of 32: pipeline bots peak ~15 MiB lower
 * (CSV parser ~24) for ~10 % more CPU per event; 8 MiB cost 20-25 %.
 */
export const BOT_NODE_FLAGS: readonly string[] = ['--heap-growing-percent=50', '--max-semi-space-size=8'];

/** A bot's command without its arguments: `node <flags> <repo>/bin/intelmq-bot.js`. */
export function botCommand(): string[] {
  return [nodeExecutable(), ...BOT_NODE_FLAGS, BOT_SCRIPT];
}

/** argv of a bot process: `node <flags> <repo>/bin/intelmq-bot.js [--foreground] <id>`. */
export function botArgv(id: string, foreground = false): string[] {
  return [...botCommand(), ...(foreground ? ['--foreground'] : []), id];
}

export function layoutEnvironment(env: Readonly<Record<string, string | undefined>>): Array<[string, string]> {
  const result: Array<[string, string]> = [];
  for (const name of LAYOUT_VARIABLES) {
    const value = env[name];
    if (value) result.push([name, value]);
  }
  return result;
}
