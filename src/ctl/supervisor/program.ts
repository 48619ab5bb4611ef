/**
 * The supervisord program definition of a bot, as twiddler options or as an
 * include file for a stock supervisord. Values are checked, not escaped into
 * something ambiguous: supervisord splits `command` like a shell and expands
 * `%(...)s`, so characters it would reinterpret are refused.
 */
import { botArgv } from '../launcher.ts';
import { assertBotId } from '../run-files.ts';
import type { Env } from '../context.ts';

export const TWIDDLER_GROUP = 'intelmq';

export interface ProgramSettings {
  readonly id: string;
  readonly env: Env;
  readonly outputFile: string;
  readonly stopTimeoutSeconds: number;
}

function checkedValue(what: string, value: string): string {
  if (/["\n\r\0]/.test(value)) throw new Error(`Cannot pass ${what} ${JSON.stringify(value)} to supervisord: it contains a double quote or a line break.`);
  return value.replace(/%/g, '%%');
}

function commandWord(word: string): string {
  const value = checkedValue('the path', word);
  return /[\s'\\]/.test(value) ? `"${value}"` : value;
}

/** INTELMQ_* variables (layout and parameter overrides) reach the bot as they reach bots we spawn ourselves. */
function environment(env: Env): string {
  return Object.entries(env)
    .filter((entry): entry is [string, string] => entry[0].startsWith('INTELMQ_') && typeof entry[1] === 'string' && /^[A-Z0-9_]+$/.test(entry[0]))
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, value]) => `${name}="${checkedValue(`the value of ${name}`, value)}"`)
    .join(',');
}

/** Program options with supervisord's config keys and string values (what twiddler's addProgramToGroup takes). */
export function programOptions(settings: ProgramSettings): Record<string, string> {
  assertBotId(settings.id);
  const options: Record<string, string> = {
    command: botArgv(settings.id).map(commandWord).join(' '),
    directory: '/',
    autostart: 'true',
    // Restart after crashes, not after a scheduled run or error_procedure stop that exited on purpose.
    autorestart: 'unexpected',
    exitcodes: '0',
    startsecs: '1',
    startretries: '3',
    stopsignal: 'INT',
    stopwaitsecs: String(Math.max(1, Math.ceil(settings.stopTimeoutSeconds))),
    stdout_logfile: checkedValue('the output file', settings.outputFile),
    stdout_logfile_maxbytes: '1MB',
    stdout_logfile_backups: '0',
    redirect_stderr: 'true',
  };
  const env = environment(settings.env);
  if (env) options.environment = env;
  return options;
}

export function includeGroupName(id: string): string {
  assertBotId(id);
  return `intelmq-${id}`;
}

/** An include file defining one program group per bot, so bots come and go without touching each other. */
export function includeFileText(settings: ProgramSettings): string {
  const name = includeGroupName(settings.id);
  const lines = Object.entries(programOptions(settings)).map(([key, value]) => `${key} = ${value}`);
  return `; Written by intelmqctl for bot ${settings.id}; removed when the bot is stopped.\n[program:${name}]\n${lines.join('\n')}\n`;
}
