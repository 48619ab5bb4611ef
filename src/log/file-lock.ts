/**
 * Advisory lock for a file shared by several processes (dump files: a bot
 * appends while intelmqdump edits). Node has no flock(2), so the lock is a
 * sibling `<file>.lock` holding the owner's PID and process start time. It is
 * created with link(2), which is atomic and never exposes a half-written lock.
 * A lock whose process is gone is stale and broken, so a killed process cannot
 * block others forever. Worker threads of one process share its PID and
 * start time, so they wait for each other like separate processes.
 *
 * Known limit: if two processes break the same stale lock at the same moment
 * while a third acquires it, two holders can briefly coexist; it needs a
 * crashed holder plus three-way contention within microseconds.
 */
import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';

export class FileLockedError extends Error {
  override name = 'FileLockedError';
  readonly code = 'IMQ_FILE_LOCKED';
  constructor(readonly file: string, message: string) {
    super(message);
  }
}

export interface LockOptions {
  /** Give up after this long (default 60 s); 0 = do not wait at all. */
  readonly timeoutMs?: number;
  /** Pause between attempts (default 50 ms). */
  readonly retryMs?: number;
  /** Called once when the first attempt finds the file locked and we are going to wait. */
  readonly onWait?: () => void;
  /** Text of the error when waiting did not help. */
  readonly timeoutMessage?: string;
}

function lockPathOf(file: string): string {
  return `${file}.lock`;
}

interface Holder {
  readonly pid: number;
  readonly token: string;
  /** Kernel start time of the holder process; tells a reused PID from the holder itself. */
  readonly started: string;
}

/** Field 22 of /proc/<pid>/stat (start time in clock ticks since boot); null where /proc is unavailable. */
function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses; fields after it are plain.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

const ownStartTime = processStartTime(process.pid) ?? '';

function readLock(lockPath: string): Holder | null {
  try {
    const [pidLine = '', token = '', started = ''] = readFileSync(lockPath, 'utf8').split('\n');
    return { pid: Number.parseInt(pidLine, 10), token, started };
  } catch {
    return null;
  }
}

function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The holder is gone, or its PID now belongs to another process (also covers our own PID being reused). */
function isStale(holder: Holder): boolean {
  if (!processAlive(holder.pid)) return true;
  const started = processStartTime(holder.pid);
  return holder.started !== '' && started !== null && started !== holder.started;
}

/** Moves a stale lock out of the way, putting it back if it turned out to be a fresh one. */
function breakStaleLock(lockPath: string, stale: Holder): void {
  const aside = `${lockPath}.stale.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    renameSync(lockPath, aside);
  } catch {
    return;
  }
  const moved = readLock(aside);
  if (moved && moved.token !== stale.token) {
    try {
      linkSync(aside, lockPath);
    } catch {
      // Someone else holds the lock by now; nothing more we can do for the owner of `moved`.
    }
  }
  unlinkSync(aside);
}

function tryAcquire(lockPath: string, candidate: string): 'acquired' | 'busy' | 'broken' {
  try {
    linkSync(candidate, lockPath);
    return 'acquired';
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const holder = readLock(lockPath);
  if (!holder) return 'broken';
  if (!isStale(holder)) return 'busy';
  breakStaleLock(lockPath, holder);
  return 'broken';
}

function release(lockPath: string, token: string): void {
  const holder = readLock(lockPath);
  if (holder?.token === token) unlinkSync(lockPath);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `fn` while holding the lock of `file`; waits for other holders as configured. */
export async function withFileLock<T>(file: string, fn: () => T | Promise<T>, options: LockOptions = {}): Promise<T> {
  const { timeoutMs = 60_000, retryMs = 50 } = options;
  const lockPath = lockPathOf(file);
  const token = randomBytes(8).toString('hex');
  const candidate = `${lockPath}.${process.pid}.${token}`;
  writeFileSync(candidate, `${process.pid}\n${token}\n${ownStartTime}\n`);
  try {
    const deadline = Date.now() + timeoutMs;
    let warned = false;
    let immediateRetries = 0;
    for (;;) {
      const state = tryAcquire(lockPath, candidate);
      if (state === 'acquired') break;
      // The holder vanished or its stale lock was just removed: try again at once.
      if (state === 'broken' && immediateRetries++ < 3) continue;
      if (Date.now() >= deadline) {
        throw new FileLockedError(file, options.timeoutMessage ?? `'${file}' is locked by another process.`);
      }
      if (!warned) {
        warned = true;
        options.onWait?.();
      }
      await sleep(retryMs);
    }
  } finally {
    unlinkSync(candidate);
  }
  try {
    return await fn();
  } finally {
    release(lockPath, token);
  }
}

/** Whether a live process holds the lock of `file` right now. */
export function isFileLocked(file: string): boolean {
  const holder = readLock(lockPathOf(file));
  return holder !== null && !isStale(holder);
}
