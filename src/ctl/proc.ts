/**
 * Is PID <n> really bot <id>? A PID file only names a number; after a crash
 * or reboot the number may belong to anything. Like upstream's
 * `_interpret_commandline`, the answer comes from the process's command line
 * (Linux /proc), adapted to this implementation's launchers.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { waitFor } from './wait.ts';

const BOT_LAUNCHERS = new Set(['intelmq-bot.js', 'intelmq-bot']);
const CTL_LAUNCHERS = new Set(['intelmqctl.js', 'intelmqctl']);

/** Python-style list repr of an argv, as upstream prints it in messages. */
function argvRepr(argv: readonly string[]): string {
  return `[${argv.map((a) => `'${a.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`).join(', ')}]`;
}

/** The argv of a live, non-zombie process; null when there is no such process. Throws on access errors. */
function readCommandLine(pid: number): string[] | null {
  if (!Number.isInteger(pid) || pid <= 0) return null;
  let stat: string;
  let cmdline: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ESRCH') return null;
    throw err;
  }
  // A zombie has exited and only waits for its parent to reap it: for us it is gone.
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  if (state === 'Z' || state === 'X') return null;
  const argv = cmdline.split('\0');
  if (argv.at(-1) === '') argv.pop();
  return argv;
}

/**
 * true: the process is bot `botId` (or `intelmqctl run <botId>`); false: no
 * such process, or another bot; a string: something else we cannot interpret.
 */
export function interpretCommandLine(pid: number, argv: readonly string[], botId: string): boolean | string {
  const botAt = argv.findIndex((a) => BOT_LAUNCHERS.has(basename(a)));
  if (botAt >= 0) {
    const positional = argv.slice(botAt + 1).filter((a) => !a.startsWith('-'));
    return positional.at(-1) === botId;
  }
  const ctlAt = argv.findIndex((a) => CTL_LAUNCHERS.has(basename(a)));
  if (ctlAt >= 0 && argv[ctlAt + 1] === 'run') return argv.slice(ctlAt + 2).find((a) => !a.startsWith('-')) === botId;
  if (argv.length > 1) return `Commandline of the process ${pid} with commandline ${argvRepr(argv)} could not be interpreted.`;
  return `Unhandled error checking the process ${pid} with commandline ${argvRepr(argv)}.`;
}

/** Whether `pid` is a running instance of `botId`; a string explains an unrelated or unreadable process. */
export function identifyBotProcess(pid: number, botId: string): boolean | string {
  let argv: string[] | null;
  try {
    argv = readCommandLine(pid);
  } catch {
    return 'Could not get status of process: Access denied.';
  }
  if (argv === null) return false;
  return interpretCommandLine(pid, argv, botId);
}

function processGone(pid: number): boolean {
  try {
    return readCommandLine(pid) === null;
  } catch {
    return false;
  }
}

/** Sends a signal; false when the process no longer exists. */
export function signalProcess(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(pid, signal);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw err;
  }
}

const KILL_GRACE_MS = 5000;

/** SIGTERM, then SIGKILL once `timeoutMs` passed; resolves when the process is gone. */
export async function terminateProcess(pid: number, timeoutMs: number): Promise<{ killed: boolean }> {
  if (!signalProcess(pid, 'SIGTERM')) return { killed: false };
  if (await waitFor(() => (processGone(pid) ? true : undefined), { timeoutMs })) return { killed: false };
  const killed = signalProcess(pid, 'SIGKILL');
  await waitFor(() => (processGone(pid) ? true : undefined), { timeoutMs: KILL_GRACE_MS });
  return { killed };
}
