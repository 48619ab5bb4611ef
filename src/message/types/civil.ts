/**
 * Proleptic Gregorian calendar arithmetic on plain integers, for the date
 * range Python's `datetime` supports (years 1..9999). `Date` is avoided
 * because it maps years 0..99 to 19xx and carries milliseconds only.
 */

export interface DateParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  micro: number;
}

/** An instant as whole seconds since 1970-01-01T00:00:00Z plus microseconds (0..999999). */
export interface Instant {
  sec: number;
  micro: number;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** `date(1970, 1, 1).toordinal()` in Python. */
const EPOCH_ORDINAL = 719163;

export function isLeap(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeap(year) ? 29 : MONTH_DAYS[month - 1]!;
}

/** Days since 1970-01-01 (H. Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromDays(days: number): [year: number, month: number, day: number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

/** Python `date.toordinal()`: day 1 is 0001-01-01. */
export function toOrdinal(year: number, month: number, day: number): number {
  return daysFromCivil(year, month, day) + EPOCH_ORDINAL;
}

export function fromOrdinal(ordinal: number): [year: number, month: number, day: number] {
  return civilFromDays(ordinal - EPOCH_ORDINAL);
}

/** Python `date.weekday()`: Monday is 0. */
export function weekdayOf(year: number, month: number, day: number): number {
  return (((daysFromCivil(year, month, day) + 3) % 7) + 7) % 7;
}

/** Whether Python's `datetime(...)` constructor accepts these fields. */
export function isValidDateTime(p: DateParts): boolean {
  return (
    p.year >= 1 &&
    p.year <= 9999 &&
    p.month >= 1 &&
    p.month <= 12 &&
    p.day >= 1 &&
    p.day <= daysInMonth(p.year, p.month) &&
    p.hour >= 0 &&
    p.hour <= 23 &&
    p.minute >= 0 &&
    p.minute <= 59 &&
    p.second >= 0 &&
    p.second <= 59 &&
    p.micro >= 0 &&
    p.micro <= 999999
  );
}

/** The instant of wall-clock fields at the given offset east of UTC (in microseconds). */
export function toInstant(p: DateParts, offsetMicro = 0): Instant {
  const offSec = Math.trunc(offsetMicro / 1e6);
  let sec = daysFromCivil(p.year, p.month, p.day) * 86400 + p.hour * 3600 + p.minute * 60 + p.second - offSec;
  let micro = p.micro - (offsetMicro - offSec * 1e6);
  if (micro < 0) {
    micro += 1e6;
    sec -= 1;
  } else if (micro >= 1e6) {
    micro -= 1e6;
    sec += 1;
  }
  return { sec, micro };
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/**
 * `datetime.isoformat()` of a UTC instant: `YYYY-MM-DDTHH:MM:SS[.ffffff]+00:00`.
 * `null` outside years 1..9999, where Python raises OverflowError.
 */
export function formatUtc(t: Instant): string | null {
  const days = Math.floor(t.sec / 86400);
  const rem = t.sec - days * 86400;
  const [year, month, day] = civilFromDays(days);
  if (year < 1 || year > 9999) return null;
  const hh = Math.floor(rem / 3600);
  const mm = Math.floor((rem % 3600) / 60);
  const ss = rem % 60;
  const frac = t.micro ? `.${pad(t.micro, 6)}` : '';
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(hh, 2)}:${pad(mm, 2)}:${pad(ss, 2)}${frac}+00:00`;
}
