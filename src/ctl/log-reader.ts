/**
 * `intelmqctl log`: the last N lines of a bot's log at or above a level,
 * read backwards in chunks so a large log file is not loaded whole. Lines
 * that do not parse (tracebacks) are attached to the log line before them.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { LEVEL_NUMBERS } from '../log/log-format.ts';
import { parseLogLine, parseSyslogLine, type LogLevel, type ParsedLogLine } from '../log/logger.ts';

export interface LogEntry {
  readonly date: string;
  readonly bot_id: string;
  readonly thread_id: number | null;
  readonly log_level: string;
  readonly message: string;
  extended_message?: string;
}

export type LogSource = { readonly kind: 'file' | 'syslog'; readonly path: string } | { readonly kind: 'unknown'; readonly handler: string };

const SYSLOG_FILE = '/var/log/syslog';

export function logSourceOf(params: Readonly<Record<string, unknown>>, id: string): LogSource {
  const handler = typeof params.logging_handler === 'string' ? params.logging_handler : 'file';
  if (handler === 'syslog') return { kind: 'syslog', path: SYSLOG_FILE };
  if (handler === 'file') return { kind: 'file', path: join(String(params.logging_path ?? ''), `${id}.log`) };
  return { kind: 'unknown', handler };
}

/** Lines of a file from the last to the first. */
function* linesBackwards(path: string, chunkSize = 64 * 1024): Generator<string> {
  const fd = openSync(path, 'r');
  try {
    let position = fstatSync(fd).size;
    let rest = Buffer.alloc(0);
    while (position > 0) {
      const size = Math.min(chunkSize, position);
      position -= size;
      const chunk = Buffer.alloc(size);
      readSync(fd, chunk, 0, size, position);
      let buffer = Buffer.concat([chunk, rest]);
      let newline = buffer.lastIndexOf(10);
      while (newline >= 0) {
        const line = buffer.subarray(newline + 1).toString('utf8');
        buffer = buffer.subarray(0, newline);
        if (line !== '' || buffer.length > 0) yield line;
        newline = buffer.lastIndexOf(10);
      }
      rest = buffer;
    }
    if (rest.length > 0) yield rest.toString('utf8');
  } finally {
    closeSync(fd);
  }
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2024-05-01 10:00:00,123` → `2024-05-01T10:00:00.123000`; syslog `May 01 10:00:00` gets the current year. */
function isoDate(date: string): string {
  const file = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}),(\d+)$/.exec(date);
  if (file) return `${file[1]}T${file[2]}.${file[3]!.padEnd(6, '0').slice(0, 6)}`;
  const sys = /^(\w{3}) +(\d{1,2}) (\d{2}:\d{2}:\d{2})$/.exec(date);
  if (sys) {
    const month = String(MONTHS.indexOf(sys[1]!) + 1).padStart(2, '0');
    return `${new Date().getFullYear()}-${month}-${sys[2]!.padStart(2, '0')}T${sys[3]}`;
  }
  return date;
}

function toEntry(parsed: ParsedLogLine): LogEntry {
  return {
    date: isoDate(parsed.date),
    bot_id: parsed.botId,
    thread_id: parsed.threadId === undefined ? null : Number(parsed.threadId),
    log_level: parsed.logLevel,
    message: parsed.message,
  };
}

/** Upstream semantics: entries at `level` or more severe, at most `count` (-1 = all), oldest first. */
export function readLogEntries(source: { kind: 'file' | 'syslog'; path: string }, id: string, count: number, level: LogLevel): LogEntry[] {
  const minimum = LEVEL_NUMBERS[level];
  const entries: LogEntry[] = [];
  let overflow = '';
  for (const line of linesBackwards(source.path)) {
    const parsed = source.kind === 'syslog' ? parseSyslogLine(line) : parseLogLine(line);
    if (!parsed) {
      if (source.kind === 'file') overflow = overflow ? `${line}\n${overflow}` : line;
      continue;
    }
    if (parsed.botId !== id) {
      overflow = '';
      continue;
    }
    const number = LEVEL_NUMBERS[parsed.logLevel as LogLevel];
    if (number === undefined || number < minimum) {
      overflow = '';
      continue;
    }
    const entry = toEntry(parsed);
    if (source.kind === 'syslog') (entry as { message: string }).message = entry.message.replace(/#012/g, '\n');
    if (overflow) entry.extended_message = overflow;
    overflow = '';
    entries.push(entry);
    if (count !== -1 && entries.length >= count) break;
  }
  return entries.reverse();
}

export function formatLogEntry(entry: LogEntry): string {
  const head = `${entry.date} - ${entry.bot_id} - ${entry.log_level} - ${entry.message}`;
  return entry.extended_message ? `${head}\n${entry.extended_message}` : head;
}
