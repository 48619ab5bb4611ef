/**
 * `schedule_time` validation. The value is copied verbatim into a crontab line
 * (`<schedule_time> intelmqctl start <id> --schedule-exec # <id>`), so besides
 * being a valid 5-field cron time it must not be able to smuggle in anything else.
 */
import { createRequire } from 'node:module';
import type CronParser from 'cron-parser';

export type ScheduleCheck = { readonly valid: true; readonly expression: string } | { readonly valid: false; readonly message: string };

const MACROS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);
// cron-parser knows these under other spellings or not at all; crontab(5) knows all of MACROS.
const MACRO_EQUIVALENT: Readonly<Record<string, string>> = { '@annually': '0 0 1 1 *', '@midnight': '0 0 * * *' };
const ALLOWED_CHARACTERS = /^[0-9A-Za-z*/,\- ]+$/;

// cron-parser (with luxon) is loaded on first use: every bot process validates
// runtime.yaml, and bots without a schedule_time need not keep it in memory.
const requireCjs = createRequire(import.meta.url);

/** Checks a crontab time expression: five fields (minute hour day-of-month month day-of-week) or an @macro. */
export function checkScheduleTime(value: unknown): ScheduleCheck {
  if (typeof value !== 'string') {
    return { valid: false, message: `schedule_time must be a string such as '0 * * * *', got ${JSON.stringify(value)}.` };
  }
  if (/[\r\n\0]/.test(value)) return { valid: false, message: `schedule_time ${JSON.stringify(value)} must be a single line.` };
  const expression = value.trim().replace(/\s+/g, ' ');
  if (expression === '') return { valid: false, message: 'schedule_time is empty.' };
  if (expression.startsWith('@')) {
    if (expression === '@reboot') {
      return { valid: false, message: "schedule_time '@reboot' is not a time; use the onboot parameter to start a bot at boot." };
    }
    if (!MACROS.has(expression)) {
      return { valid: false, message: `schedule_time '${value}' is not a known macro; use one of ${[...MACROS].join(', ')} or five cron fields.` };
    }
  } else {
    if (!ALLOWED_CHARACTERS.test(expression)) {
      return { valid: false, message: `schedule_time '${value}' contains characters that are not allowed in a cron time.` };
    }
    const fields = expression.split(' ').length;
    if (fields !== 5) {
      return { valid: false, message: `schedule_time '${value}' has ${fields} field(s); expected 5 (minute hour day-of-month month day-of-week).` };
    }
  }
  try {
    (requireCjs('cron-parser') as typeof CronParser).parseExpression(MACRO_EQUIVALENT[expression] ?? expression);
  } catch (err) {
    return { valid: false, message: `schedule_time '${value}' is not a valid cron time: ${(err as Error).message}.` };
  }
  return { valid: true, expression };
}
