/**
 * Upstream's log line formats. intelmqctl (ours and upstream's) and operators'
 * tooling parse these lines, so they must stay byte-compatible with Python's
 * `%(asctime)s - %(name)s - %(levelname)s - %(message)s`.
 */

export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Python's numeric levels, so thresholds compare the same way. */
export const LEVEL_NUMBERS: Readonly<Record<LogLevel, number>> = { DEBUG: 10, INFO: 20, WARNING: 30, ERROR: 40, CRITICAL: 50 };

/** Accepts level names in any case (and Python's WARN alias); undefined for anything else. */
export function parseLogLevel(value: unknown): LogLevel | undefined {
  if (typeof value !== 'string') return undefined;
  const upper = value.toUpperCase();
  if (upper === 'WARN') return 'WARNING';
  return (LOG_LEVELS as readonly string[]).includes(upper) ? (upper as LogLevel) : undefined;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);

let cachedSecond = -1;
let cachedPrefix = '';

/** Local time `YYYY-MM-DD HH:MM:SS,mmm`; the part up to the seconds is cached because it is the costly part. */
export function formatLogTime(epochMs: number): string {
  const second = Math.floor(epochMs / 1000);
  if (second !== cachedSecond) {
    const d = new Date(second * 1000);
    cachedPrefix = `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())},`;
    cachedSecond = second;
  }
  const ms = epochMs - second * 1000;
  return cachedPrefix + (ms < 10 ? `00${ms}` : ms < 100 ? `0${ms}` : `${ms}`);
}

const ANSI_SEQUENCE = /\x1b\[[0-9;]*m/g;

/** Colour codes are for terminals; log files get the plain text (as upstream's file handler does). */
export function stripAnsi(text: string): string {
  return text.includes('\x1b') ? text.replace(ANSI_SEQUENCE, '') : text;
}

export function formatFileLine(epochMs: number, name: string, level: LogLevel, message: string): string {
  return `${formatLogTime(epochMs)} - ${name} - ${level} - ${stripAnsi(message)}\n`;
}

export interface ParsedLogLine {
  readonly date: string;
  readonly botId: string;
  /** `.N` suffix of worker instances, without the dot; undefined for the main instance. */
  readonly threadId: string | undefined;
  readonly logLevel: string;
  readonly message: string;
}

const FILE_LINE = /^(?<date>\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d+) - (?<bot_id>([-\w]+|py\.warnings))(?<thread_id>\.[0-9]+)? - (?<log_level>[A-Z]+) - (?<message>.+)$/;
const SYSLOG_LINE = /^(?<date>\w{3} \d{2} \d{2}:\d{2}:\d{2}) (?<hostname>[-.\w]+) (?<bot_id>([-\w]+|py\.warnings))(?<thread_id>\.[0-9]+)?: (?<log_level>[A-Z]+) (?<message>.+)$/;

function toParsed(match: RegExpExecArray | null): ParsedLogLine | null {
  const g = match?.groups;
  if (!g) return null;
  return {
    date: g.date ?? '',
    botId: g.bot_id ?? '',
    threadId: g.thread_id?.slice(1),
    logLevel: g.log_level ?? '',
    message: g.message ?? '',
  };
}

/** intelmqctl's regex for file log lines; null for continuation lines (tracebacks) and foreign text. */
export function parseLogLine(line: string): ParsedLogLine | null {
  return toParsed(FILE_LINE.exec(line.replace(/\r?\n$/, '')));
}

/** intelmqctl's regex for lines of a syslog file (`Mon DD HH:MM:SS host bot-id: LEVEL message`). */
export function parseSyslogLine(line: string): (ParsedLogLine & { readonly hostname: string }) | null {
  const match = SYSLOG_LINE.exec(line.replace(/\r?\n$/, ''));
  const parsed = toParsed(match);
  return parsed && { ...parsed, hostname: match?.groups?.hostname ?? '' };
}
