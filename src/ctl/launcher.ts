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
 * V8 flags of every bot process (docs/process-managers.md, "Memory"). Node's
 * default young generation (two 16 MiB semi-spaces) and its first full GC
 * letting the old generation grow to four times the live heap made a bot
 * that handles small messages peak at ~110 MiB; 2 MiB semi-spaces and a heap
 * that only doubles between full GCs keep it under 80 MiB at the same
 * throughput. Neither caps the heap, so huge reports still fit. On the
 * command line these win over the same flags in NODE_OPTIONS.
 */
export const BOT_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=2', '--heap-growing-percent=100'];

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
