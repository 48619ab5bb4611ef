/**
 * `http_url_formatting` and friends: `{time[%Y-%m-%d]}` placeholders filled
 * with the local time (upstream uses naive `datetime.now()`), optionally
 * shifted by a Python `timedelta` given as a mapping such as `{"days": -1}`.
 */
import { Type } from '@sinclair/typebox';
import { FormatError, pyFormatKeyed } from '../../../py/format/keyed.ts';

export type TimeFormatting = boolean | Record<string, number>;

export const TimeFormattingSchema = (description: string) =>
  Type.Union([Type.Boolean(), Type.Record(Type.String(), Type.Number())], { default: false, description });

const TIMEDELTA_MS: Readonly<Record<string, number>> = {
  weeks: 7 * 86_400_000,
  days: 86_400_000,
  hours: 3_600_000,
  minutes: 60_000,
  seconds: 1000,
  milliseconds: 1,
  microseconds: 0.001,
};

/** Milliseconds of a timedelta mapping; unknown keys are an error, as in Python. */
export function timedeltaMs(delta: Record<string, number>): number {
  let ms = 0;
  for (const [k, v] of Object.entries(delta)) {
    const unit = TIMEDELTA_MS[k];
    if (unit === undefined) throw new FormatError(`'${k}' is an invalid keyword argument for timedelta (use ${Object.keys(TIMEDELTA_MS).join(', ')}).`);
    ms += v * unit;
  }
  return ms;
}

/** Fills `{time[<strftime>]}` placeholders; `formatting` true = now, a mapping = now + that timedelta. */
export function formatWithTime(template: string, formatting: TimeFormatting, now: Date = new Date()): string {
  const when = new Date(now.getTime() + (typeof formatting === 'object' ? timedeltaMs(formatting) : 0));
  return pyFormatKeyed(template, (name, key) => {
    if (name !== 'time' || key === null) throw new FormatError(`Unknown placeholder '${name}' in ${JSON.stringify(template)}; only {time[<strftime format>]} is supported.`);
    return strftime(when, key);
  });
}

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** C strftime on local time for the directives feeds use; unknown directives are kept, as glibc does. */
export function strftime(d: Date, fmt: string): string {
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return fmt.replace(/%([a-zA-Z%])/g, (whole, c: string) => {
    switch (c) {
      case 'Y': return String(d.getFullYear());
      case 'y': return pad(d.getFullYear() % 100);
      case 'm': return pad(d.getMonth() + 1);
      case 'd': return pad(d.getDate());
      case 'e': return String(d.getDate()).padStart(2, ' ');
      case 'H': return pad(d.getHours());
      case 'I': return pad(d.getHours() % 12 || 12);
      case 'M': return pad(d.getMinutes());
      case 'S': return pad(d.getSeconds());
      case 'f': return pad(d.getMilliseconds() * 1000, 6);
      case 'p': return d.getHours() < 12 ? 'AM' : 'PM';
      case 'j': return pad(dayOfYear(d), 3);
      case 'a': return DAYS[d.getDay()]!.slice(0, 3);
      case 'A': return DAYS[d.getDay()]!;
      case 'b': return MONTHS[d.getMonth()]!.slice(0, 3);
      case 'B': return MONTHS[d.getMonth()]!;
      case 'w': return String(d.getDay());
      case 's': return String(Math.floor(d.getTime() / 1000));
      case 'z': {
        const off = -d.getTimezoneOffset();
        return `${off < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(off) / 60))}${pad(Math.abs(off) % 60)}`;
      }
      case '%': return '%';
      default: return whole;
    }
  });
}

function dayOfYear(d: Date): number {
  const start = new Date(d.getFullYear(), 0, 1);
  const utcDay = (x: Date) => Date.UTC(x.getFullYear(), x.getMonth(), x.getDate());
  return Math.round((utcDay(d) - utcDay(start)) / 86_400_000) + 1;
}
