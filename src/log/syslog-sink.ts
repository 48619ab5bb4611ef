/**
 * Syslog output like Python's SysLogHandler (facility user, format
 * `<name>: LEVEL message`). UDP goes out directly. Node cannot open unix
 * datagram sockets (/dev/log is one), so local syslog is fed through a
 * long-running util-linux `logger` process; it reads lines from a pipe, so lines
 * already written survive when this process is killed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { existsSync } from 'node:fs';
import { isIPv6 } from 'node:net';
import type { LogLevel } from './log-format.ts';

export type SyslogTarget = string | readonly [string, number];

const SEVERITY: Readonly<Record<LogLevel, number>> = { DEBUG: 7, INFO: 6, WARNING: 4, ERROR: 3, CRITICAL: 2 };
const FACILITY_USER = 1;

export function syslogPriority(level: LogLevel): number {
  return FACILITY_USER * 8 + SEVERITY[level];
}

export class SyslogSink {
  private udp: Socket | null = null;
  private udpTarget: readonly [string, number] | null = null;
  private logger: ChildProcess | null = null;
  private broken = false;
  private readonly name: string;
  private readonly fallback: (text: string) => void;

  /** Throws if a unix socket target does not exist, as Python's handler fails to connect. */
  constructor(name: string, target: SyslogTarget, fallback: (text: string) => void = (text) => process.stderr.write(text)) {
    this.name = name;
    this.fallback = fallback;
    if (typeof target === 'string') {
      if (!existsSync(target)) throw new Error(`Syslog socket '${target}' does not exist.`);
      this.startLogger(target);
    } else {
      this.udpTarget = target;
      this.udp = createSocket(isIPv6(target[0]) ? 'udp6' : 'udp4');
      this.udp.on('error', (err) => this.fail(`Sending to syslog ${target[0]}:${target[1]} failed: ${err.message}`));
      this.udp.unref();
    }
  }

  private startLogger(socketPath: string): void {
    // One record per line: the tag carries the logger name, --prio-prefix the level of each line.
    const child = spawn('logger', ['--socket', socketPath, '--tag', this.name, '--prio-prefix', '--size', '65536'], { stdio: ['pipe', 'ignore', 'inherit'] });
    child.on('error', (err) => this.fail(`Cannot run logger(1) for syslog: ${err.message}`));
    child.on('exit', (code) => {
      if (this.logger === child) this.fail(`logger(1) for syslog exited with code ${String(code)}`);
    });
    child.stdin?.on('error', () => undefined);
    child.unref();
    (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    this.logger = child;
  }

  private fail(reason: string): void {
    if (this.broken) return;
    this.broken = true;
    this.logger = null;
    this.udp?.close();
    this.udp = null;
    this.fallback(`${reason}; logging to stderr from now on.\n`);
  }

  write(level: LogLevel, message: string): void {
    if (this.broken) {
      this.fallback(`${this.name}: ${level} ${message}\n`);
      return;
    }
    const pri = `<${syslogPriority(level)}>`;
    if (this.udp && this.udpTarget) {
      // Python's SysLogHandler appends a NUL byte to every record.
      this.udp.send(Buffer.from(`${pri}${this.name}: ${level} ${message}\0`, 'utf8'), this.udpTarget[1], this.udpTarget[0]);
    } else if (this.logger?.stdin) {
      // A record must stay on one line; rsyslog shows a newline as #012 anyway.
      this.logger.stdin.write(`${pri}${level} ${message.replace(/\r?\n/g, '#012')}\n`);
    }
  }

  close(): void {
    const child = this.logger;
    this.logger = null;
    child?.stdin?.end();
    this.udp?.close();
    this.udp = null;
  }
}
