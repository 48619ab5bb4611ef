/**
 * Dump files `<logging_path>/<bot-id>.dump`: messages a bot gave up on, kept
 * for intelmqdump. Format as upstream (bot-runtime.md §11): one JSON object,
 * 4-space indent, sorted keys, naive-UTC ISO timestamps as keys.
 *
 * Every change is a locked read-merge-rewrite that replaces the file
 * atomically, so concurrent writers (bots, intelmqdump) never lose an entry and
 * a crash never leaves a truncated file.
 */
import { readFileSync, renameSync, unlinkSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pyJsonDumps } from '../config/py-json.ts';
import { atomicWriteFile } from '../config/write-file.ts';
import { FileLockedError, isFileLocked, withFileLock, type LockOptions } from './file-lock.ts';

export interface DumpEntry {
  readonly bot_id: string;
  /** The wire JSON of the message, or base64 of raw bytes when message_type is "base64". */
  readonly message: string;
  readonly source_queue: string | null;
  /** Lines of a traceback (bot errors) or one string (parser line failures). */
  readonly traceback: readonly string[] | string;
  readonly message_type?: 'base64';
}

/** Timestamp key → entry. */
export type DumpContent = Record<string, DumpEntry>;

export class DumpLockedError extends FileLockedError {
  override name = 'DumpLockedError';
}

export interface DumpWriteOptions {
  /** Lock waiting (defaults: 60 s, retry every 50 ms); intelmqdump passes timeoutMs 0. */
  readonly timeoutMs?: number;
  readonly retryMs?: number;
  /** Receives upstream's warnings: waiting for the lock, a corrupt file moved aside. */
  readonly onWarning?: (message: string) => void;
}

/** Microseconds since the epoch: wall-clock milliseconds refined by the monotonic clock's sub-millisecond part. */
function nowMicros(): number {
  return Date.now() * 1000 + Math.floor((performance.now() % 1) * 1000);
}

/** Python `datetime.utcnow().isoformat()`: `YYYY-MM-DDTHH:MM:SS[.ffffff]`, fraction omitted when 0. */
export function dumpTimestamp(epochMicros: number = nowMicros()): string {
  const micros = ((epochMicros % 1_000_000) + 1_000_000) % 1_000_000;
  const seconds = (epochMicros - micros) / 1_000_000;
  const base = new Date(seconds * 1000).toISOString().slice(0, 19);
  return micros === 0 ? base : `${base}.${String(micros).padStart(6, '0')}`;
}

function isDumpContent(value: unknown): value is DumpContent {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseDump(path: string, text: string): DumpContent {
  if (text.trim() === '') return {};
  const value: unknown = JSON.parse(text);
  if (!isDumpContent(value)) throw new SyntaxError(`'${path}' does not contain a JSON object.`);
  return value;
}

/** The entries of a dump file; a missing or empty file has none. Lock-free: files are only ever replaced whole. */
export function readDump(path: string): DumpContent {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw err;
  }
  return parseDump(path, text);
}

function lockOptions(options: DumpWriteOptions): LockOptions {
  return {
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.retryMs !== undefined ? { retryMs: options.retryMs } : {}),
    onWait: () => options.onWarning?.(`Dump file is locked, waiting up to ${Math.round((options.timeoutMs ?? 60_000) / 1000)}s.`),
    timeoutMessage: `Dump file was locked for more than ${Math.round((options.timeoutMs ?? 60_000) / 1000)}s, giving up now.`,
  };
}

async function locked<T>(path: string, fn: () => T | Promise<T>, options: DumpWriteOptions): Promise<T> {
  try {
    return await withFileLock(path, fn, lockOptions(options));
  } catch (err) {
    if (err instanceof FileLockedError) throw new DumpLockedError(err.file, err.message);
    throw err;
  }
}

function writeDump(path: string, content: DumpContent): void {
  atomicWriteFile(path, pyJsonDumps(content));
}

/**
 * Adds one entry under a fresh timestamp key (bumped by a microsecond while the
 * key exists) and returns the key. A file that is not valid JSON is moved aside
 * to `<path>.corrupt-<timestamp>` rather than losing either it or the new entry.
 */
export async function appendDump(path: string, entry: DumpEntry, options: DumpWriteOptions = {}): Promise<string> {
  return locked(
    path,
    () => {
      let content: DumpContent;
      try {
        content = readDump(path);
      } catch (err) {
        const aside = `${path}.corrupt-${dumpTimestamp()}`;
        renameSync(path, aside);
        options.onWarning?.(`Dump file ${path} could not be read (${(err as Error).message}); moved it to ${aside}.`);
        content = {};
      }
      let micros = nowMicros();
      let key = dumpTimestamp(micros);
      while (Object.hasOwn(content, key)) key = dumpTimestamp(++micros);
      writeDump(path, { ...content, [key]: entry });
      return key;
    },
    options,
  );
}

/**
 * Locked read-modify-write for intelmqdump (delete, recover, edit). `mutate`
 * may change the object in place or return a new one; an empty result deletes
 * the file. Returns the content written (empty if the file was deleted).
 */
export async function rewriteDump(
  path: string,
  mutate: (content: DumpContent) => DumpContent | void | Promise<DumpContent | void>,
  options: DumpWriteOptions = {},
): Promise<DumpContent> {
  return locked(
    path,
    async () => {
      const content = readDump(path);
      const result = (await mutate(content)) ?? content;
      if (Object.keys(result).length === 0) {
        try {
          unlinkSync(path);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        }
      } else {
        writeDump(path, result);
      }
      return result;
    },
    options,
  );
}

/** Whether a bot or intelmqdump is changing the file right now (intelmqdump's "Dump file is locked."). */
export function isDumpLocked(path: string): boolean {
  return isFileLocked(path);
}
