/**
 * The logger of bots, intelmqctl and intelmqdump: upstream's line format in
 * `<logging_path>/<name>.log` (or syslog), plus console output.
 */
import { join } from 'node:path';
import { ConfigurationError } from '../message/errors.ts';
import { FileSink } from './file-sink.ts';
import { LEVEL_NUMBERS, formatFileLine, parseLogLevel, type LogLevel } from './log-format.ts';
import { SyslogSink, type SyslogTarget } from './syslog-sink.ts';

export { LOG_LEVELS, parseLogLine, parseSyslogLine, type LogLevel, type ParsedLogLine } from './log-format.ts';

export interface LoggerOptions {
  /** Logger name: the bot id (`<id>` or `<id>.<n>`), `intelmqctl`, `intelmqdump`. */
  readonly name: string;
  /** logging_level; default INFO. */
  readonly level?: string;
  /** logging_handler: syslog, stream (console only), anything else = file (as upstream). */
  readonly handler?: string;
  /** logging_path: directory of `<name>.log`; falsy = no log file. */
  readonly path?: string | null;
  /** logging_syslog: unix socket path or [host, port] (UDP). */
  readonly syslog?: SyslogTarget;
  /** logging_max_size in bytes; 0 = no rotation. */
  readonly maxSize?: number;
  /** logging_max_copies. */
  readonly maxCopies?: number | null;
  /** Print to the console; default: when stdout is a terminal. */
  readonly console?: boolean;
  /** Console lines are `<name>: message` (bots) or just the message (intelmqctl). */
  readonly consoleFormat?: 'name' | 'message';
}

const RED = '\x1b[31m';
const RESET = '\x1b[0m';

export class Logger {
  readonly name: string;
  private threshold: number;
  private readonly file: FileSink | null;
  private readonly syslog: SyslogSink | null;
  private readonly console: boolean;
  private readonly consoleWithName: boolean;
  private readonly colour: boolean;

  constructor(options: LoggerOptions) {
    this.name = options.name;
    this.threshold = LEVEL_NUMBERS[levelOrThrow(options.level ?? 'INFO')];
    this.console = options.console ?? Boolean(process.stdout.isTTY);
    this.consoleWithName = (options.consoleFormat ?? 'name') === 'name';
    this.colour = Boolean(process.stderr.isTTY);
    const handler = options.handler ?? 'file';
    const fallback = (text: string) => process.stderr.write(text);
    this.syslog = handler === 'syslog' ? new SyslogSink(this.name, options.syslog ?? '/dev/log', fallback) : null;
    this.file =
      handler !== 'syslog' && handler !== 'stream' && options.path
        ? new FileSink(join(options.path, `${this.name}.log`), { maxSize: options.maxSize ?? 0, maxCopies: options.maxCopies ?? null, fallback })
        : null;
  }

  /** The log file, or null when logging to syslog or the console only. */
  get filePath(): string | null {
    return this.file?.file ?? null;
  }

  setLevel(level: string): void {
    this.threshold = LEVEL_NUMBERS[levelOrThrow(level)];
  }

  isEnabledFor(level: LogLevel): boolean {
    return LEVEL_NUMBERS[level] >= this.threshold;
  }

  log(level: LogLevel, message: string): void {
    const number = LEVEL_NUMBERS[level];
    if (number < this.threshold) return;
    const important = number >= LEVEL_NUMBERS.WARNING;
    if (this.file) this.file.write(formatFileLine(Date.now(), this.name, level, message), important);
    if (this.syslog) this.syslog.write(level, message);
    if (this.console) {
      const text = this.consoleWithName ? `${this.name}: ${message}` : message;
      if (important) process.stderr.write(this.colour ? `${RED}${text}${RESET}\n` : `${text}\n`);
      else process.stdout.write(`${text}\n`);
    }
  }

  debug(message: string): void {
    this.log('DEBUG', message);
  }

  info(message: string): void {
    this.log('INFO', message);
  }

  warning(message: string): void {
    this.log('WARNING', message);
  }

  error(message: string): void {
    this.log('ERROR', message);
  }

  critical(message: string): void {
    this.log('CRITICAL', message);
  }

  /** ERROR with the stack trace on the following lines, like Python's `logger.exception`. */
  exception(message: string, error: unknown): void {
    const trace = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
    this.log('ERROR', `${message}\n${trace}`);
  }

  /** Writes buffered lines now (they are also written on the next event-loop turn and at exit). */
  flush(): void {
    this.file?.flush();
  }

  close(): void {
    this.file?.close();
    this.syslog?.close();
  }
}

function levelOrThrow(level: string): LogLevel {
  const parsed = parseLogLevel(level);
  if (!parsed) throw new ConfigurationError('logging', `Unknown logging_level ${JSON.stringify(level)}; use DEBUG, INFO, WARNING, ERROR or CRITICAL.`);
  return parsed;
}

export function createLogger(options: LoggerOptions): Logger {
  return new Logger(options);
}

/** A bot's logger from its effective parameters (logging_* keys). */
export function loggerFromParameters(name: string, parameters: Readonly<Record<string, unknown>>, console?: boolean): Logger {
  const syslog = parameters.logging_syslog;
  return new Logger({
    name,
    level: typeof parameters.logging_level === 'string' ? parameters.logging_level : 'INFO',
    handler: typeof parameters.logging_handler === 'string' ? parameters.logging_handler : 'file',
    path: typeof parameters.logging_path === 'string' ? parameters.logging_path : null,
    ...(typeof syslog === 'string' || (Array.isArray(syslog) && syslog.length === 2) ? { syslog: syslog as SyslogTarget } : {}),
    maxSize: typeof parameters.logging_max_size === 'number' ? parameters.logging_max_size : 0,
    maxCopies: typeof parameters.logging_max_copies === 'number' ? parameters.logging_max_copies : null,
    ...(console !== undefined ? { console } : {}),
  });
}
