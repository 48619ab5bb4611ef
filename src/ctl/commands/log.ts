/** `intelmqctl log <bot-id> [number-of-lines=10] [log-level=INFO]`. */
import { Argument, type Command } from 'commander';
import { accessSync, constants, existsSync } from 'node:fs';
import type { LogLevel } from '../../log/logger.ts';
import type { CtlContext } from '../context.ts';
import { CtlError, UsageError } from '../errors.ts';
import { formatLogEntry, logSourceOf, readLogEntries, type LogEntry } from '../log-reader.ts';
import type { Host } from '../program.ts';
import { resolveTarget } from '../targets.ts';

async function log(ctx: CtlContext, id: string, lines: string, level: string): Promise<number> {
  const count = Number(lines);
  if (!Number.isInteger(count) || (count < 1 && count !== -1)) throw new UsageError(`argument number_of_lines: invalid int value: '${lines}'`);
  const target = resolveTarget(ctx, id, true);
  const source = logSourceOf(target.params, id);
  if (source.kind === 'unknown') throw new CtlError(`Unknown logging handler '${source.handler}'`);
  let entries: LogEntry[];
  if (!existsSync(source.path)) {
    const now = new Date().toISOString().replace('Z', '').replace(/\.(\d{3})$/, '.$1000');
    entries = [{ date: now, bot_id: id, thread_id: null, log_level: 'INFO', message: 'No log file exists (yet).' }];
  } else {
    try {
      accessSync(source.path, constants.R_OK);
    } catch {
      ctx.out.error(`File '${source.path}' is not readable.`);
      ctx.out.result('error');
      return 1;
    }
    entries = readLogEntries(source, id, count, level as LogLevel);
  }
  for (const entry of entries) ctx.out.print(formatLogEntry(entry));
  ctx.out.result(entries);
  return 0;
}

export function register(program: Command, host: Host): void {
  program
    .command('log')
    .description("Show the last log lines of a bot at or above a log level.")
    .argument('<bot-id>', 'bot id')
    .argument('[number-of-lines]', 'number of lines, -1 for all', '10')
    .addArgument(new Argument('[log-level]', 'lowest level shown').choices(['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL']).default('INFO'))
    .action(host.wrap(log));
}
