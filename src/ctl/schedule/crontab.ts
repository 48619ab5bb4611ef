/**
 * Scheduled bots live in the user's crontab (seed proposal P3) as
 * `<schedule_time> <intelmqctl> start <id> --schedule-exec # <id>`, edited only
 * through the real `crontab` program (`crontab -l` / `crontab -`). Only our
 * own lines are ever touched; every other line survives byte for byte.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { withFileLock } from '../../log/file-lock.ts';
import { CTL_SCRIPT, layoutEnvironment, nodeExecutable } from '../launcher.ts';
import { ensureRunDir, assertBotId } from '../run-files.ts';
import type { Env } from '../context.ts';

interface Completed {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function runCrontab(args: readonly string[], input?: string): Promise<Completed> {
  return new Promise((resolve, reject) => {
    const child = spawn('crontab', args, { stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (err) => reject(new Error(`Could not run crontab: ${err.message}. Is cron installed?`)));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    if (child.stdin) {
      // crontab may exit before reading everything (e.g. a syntax error); its exit code tells.
      child.stdin.on('error', () => undefined);
      child.stdin.end(input);
    }
  });
}

export async function readCrontab(): Promise<string> {
  const result = await runCrontab(['-l']);
  if (result.code === 0) return result.stdout;
  if (/no crontab for/i.test(result.stderr)) return '';
  throw new Error(`crontab -l failed: ${result.stderr.trim() || `exit code ${result.code}`}`);
}

async function writeCrontab(text: string): Promise<void> {
  const result = await runCrontab(['-'], text);
  if (result.code !== 0) throw new Error(`crontab - failed: ${result.stderr.trim() || `exit code ${result.code}`}`);
}

/** POSIX shell quoting; cron hands the command to /bin/sh, where `%` also means newline unless escaped. */
function shellWord(word: string): string {
  const quoted = /^[A-Za-z0-9_/.,:=+@-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
  return quoted.replace(/%/g, '\\%');
}

/** How cron calls this installation's intelmqctl: absolute paths plus the layout variables. */
export function cronCommand(env: Env): string {
  const assignments = layoutEnvironment(env).map(([name, value]) => `${name}=${shellWord(value)}`);
  return [...assignments, shellWord(nodeExecutable()), shellWord(CTL_SCRIPT)].join(' ');
}

function suffixOf(id: string): string {
  return ` start ${id} --schedule-exec # ${id}`;
}

/** The crontab line of a scheduled bot; `schedule` must have passed checkScheduleTime. */
export function cronLine(id: string, schedule: string, command: string): string {
  assertBotId(id);
  return `${schedule} ${command}${suffixOf(id)}`;
}

export interface CronEntry {
  readonly index: number;
  readonly line: string;
  readonly schedule: string;
}

/** Our line for bot `id`: written by this installation's command, or the proposal's bare `intelmqctl`. */
export function findCronEntry(lines: readonly string[], id: string, command: string): CronEntry | null {
  const suffix = suffixOf(id);
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (!line.endsWith(suffix) || line.trimStart().startsWith('#')) continue;
    const head = line.slice(0, -suffix.length);
    for (const cmd of [command, 'intelmqctl']) {
      if (head.endsWith(` ${cmd}`)) return { index, line, schedule: head.slice(0, -cmd.length - 1).trim() };
    }
  }
  return null;
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/**
 * Read-modify-write of the crontab, serialised between intelmqctl processes
 * of this installation. `mutate` edits the lines in place and says whether
 * anything changed; unchanged crontabs are not rewritten.
 */
export async function editCrontab<T>(varRunPath: string, mutate: (lines: string[]) => { changed: boolean; value: T }): Promise<T> {
  ensureRunDir(varRunPath);
  return withFileLock(join(varRunPath, 'crontab'), async () => {
    const lines = splitLines(await readCrontab());
    const { changed, value } = mutate(lines);
    // cron ignores a last line without newline.
    if (changed) await writeCrontab(lines.length ? `${lines.join('\n')}\n` : '');
    return value;
  }, { timeoutMs: 30_000 });
}
