/**
 * Python's `datetime.strptime` in the C locale with a UTC system zone, for
 * the `from_format|…` time conversions parsers are configured with. The
 * directive regexes are Python's, matched case-insensitively from the start;
 * trailing text is an error, as are impossible dates.
 */
import { type DateParts, daysInMonth, fromOrdinal, isLeap, isValidDateTime, toOrdinal, weekdayOf } from './civil.ts';
import { PY_WHITESPACE_CLASS, asciiDigits } from './py.ts';

export interface StrptimeResult extends DateParts {
  /** UTC offset from `%z` in microseconds east of UTC; `null` for a naive result. */
  offsetMicro: number | null;
}

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const abbrev = (names: string[]) => names.map((n) => n.slice(0, 3));

const DIRECTIVES: Readonly<Record<string, string>> = {
  d: '3[0-1]|[1-2]\\d|0[1-9]|[1-9]| [1-9]',
  f: '[0-9]{1,6}',
  H: '2[0-3]|[0-1]\\d|\\d',
  I: '1[0-2]|0[1-9]|[1-9]',
  G: '\\d\\d\\d\\d',
  j: '36[0-6]|3[0-5]\\d|[1-2]\\d\\d|0[1-9]\\d|00[1-9]|[1-9]\\d|0[1-9]|[1-9]',
  m: '1[0-2]|0[1-9]|[1-9]',
  M: '[0-5]\\d|\\d',
  S: '6[0-1]|[0-5]\\d|\\d',
  U: '5[0-3]|[0-4]\\d|\\d',
  W: '5[0-3]|[0-4]\\d|\\d',
  w: '[0-6]',
  u: '[1-7]',
  V: '5[0-3]|0[1-9]|[1-4]\\d|\\d',
  y: '\\d\\d',
  Y: '\\d\\d\\d\\d',
  // Python matches only an upper-case `Z` here; checked after matching.
  z: '[+-]\\d\\d:?[0-5]\\d(?::?[0-5]\\d(?:\\.\\d{1,6})?)?|Z',
  A: WEEKDAYS.join('|'),
  a: abbrev(WEEKDAYS).join('|'),
  B: MONTHS.join('|'),
  b: abbrev(MONTHS).join('|'),
  p: 'am|pm',
  Z: 'utc|gmt',
};
/** Composite directives, expanded as the C locale defines them. */
const COMPOSITES: Readonly<Record<string, string>> = { c: '%a %b %d %H:%M:%S %Y', x: '%m/%d/%y', X: '%H:%M:%S' };

const REGEX_SPECIAL = /[\\.^$*+?(){}[\]|]/g;
const FORMAT_WHITESPACE = new RegExp(`${PY_WHITESPACE_CLASS}+`, 'g');
const WHITESPACE_RUN = `${PY_WHITESPACE_CLASS}+`;

interface Compiled {
  regex: RegExp;
  /** Directive letter of each capture group, in order. */
  groups: string[];
}

const cache = new Map<string, Compiled>();
const CACHE_LIMIT = 64;

function compile(format: string): Compiled {
  let compiled = cache.get(format);
  if (compiled) return compiled;
  const groups: string[] = [];
  const source = expand(format, groups);
  if (new Set(groups).size !== groups.length) throw new Error(`redefinition of a directive in format '${format}'`);
  compiled = { regex: new RegExp(`^${source}`, 'iu'), groups };
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(format, compiled);
  return compiled;
}

function expand(format: string, groups: string[]): string {
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const pct = format.indexOf('%', i);
    const literal = pct < 0 ? format.slice(i) : format.slice(i, pct);
    out += literal.replace(REGEX_SPECIAL, '\\$&').replace(FORMAT_WHITESPACE, WHITESPACE_RUN);
    if (pct < 0) break;
    const d = format[pct + 1];
    if (d === undefined) throw new Error(`stray % in format '${format}'`);
    if (d === '%') out += '%';
    else if (COMPOSITES[d]) out += expand(COMPOSITES[d], groups);
    else if (DIRECTIVES[d]) {
      groups.push(d);
      out += `(${DIRECTIVES[d]})`;
    } else throw new Error(`'${d}' is a bad directive in format '${format}'`);
    i = pct + 1;
  }
  return out;
}

function fail(text: string, format: string): never {
  throw new Error(`time data '${text}' does not match format '${format}'`);
}

/** Python `datetime.strptime(text, format)`; throws where Python raises ValueError. */
export function strptime(text: string, format: string): StrptimeResult {
  const { regex, groups } = compile(format);
  const input = asciiDigits(text);
  const m = regex.exec(input);
  if (!m) fail(text, format);
  if (m[0].length !== input.length) throw new Error(`unconverted data remains: ${input.slice(m[0].length)}`);

  const found: Record<string, string> = {};
  groups.forEach((d, i) => (found[d] = m[i + 1]!));

  let year: number | undefined;
  let isoYear: number | undefined;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let micro = 0;
  let offsetMicro: number | null = null;
  let weekday: number | undefined;
  let julian: number | undefined;
  let weekOfYear: number | undefined;
  let weekStartsMonday = false;
  let isoWeek: number | undefined;

  for (const [d, v] of Object.entries(found)) {
    const lower = v.toLowerCase();
    switch (d) {
      case 'y':
        year = Number(v) + (Number(v) <= 68 ? 2000 : 1900);
        break;
      case 'Y':
        year = Number(v);
        break;
      case 'G':
        isoYear = Number(v);
        break;
      case 'm':
        month = Number(v);
        break;
      case 'B':
        month = MONTHS.indexOf(lower) + 1;
        break;
      case 'b':
        month = abbrev(MONTHS).indexOf(lower) + 1;
        break;
      case 'd':
        day = Number(v);
        break;
      case 'H':
        hour = Number(v);
        break;
      case 'I': {
        hour = Number(v);
        const ampm = (found.p ?? '').toLowerCase();
        if (ampm === 'pm') {
          if (hour !== 12) hour += 12;
        } else if (hour === 12) hour = 0;
        break;
      }
      case 'M':
        minute = Number(v);
        break;
      case 'S':
        second = Number(v);
        break;
      case 'f':
        micro = Number(v.padEnd(6, '0'));
        break;
      case 'A':
        weekday = WEEKDAYS.indexOf(lower);
        break;
      case 'a':
        weekday = abbrev(WEEKDAYS).indexOf(lower);
        break;
      case 'w':
        weekday = (Number(v) + 6) % 7;
        break;
      case 'u':
        weekday = Number(v) - 1;
        break;
      case 'j':
        julian = Number(v);
        break;
      case 'U':
      case 'W':
        weekOfYear = Number(v);
        weekStartsMonday = d === 'W';
        break;
      case 'V':
        isoWeek = Number(v);
        break;
      case 'z':
        offsetMicro = parseOffset(v, text, format);
        break;
    }
  }

  if (year === undefined && isoYear !== undefined) {
    if (isoWeek === undefined || weekday === undefined) throw new Error("ISO year directive '%G' must be used with the ISO week directive '%V' and a weekday directive");
    if (julian !== undefined) throw new Error("Day of the year directive '%j' is not compatible with ISO year directive '%G'");
  } else if (weekOfYear === undefined && isoWeek !== undefined) {
    throw new Error("ISO week directive '%V' must be used with the ISO year directive '%G' and a weekday directive");
  }

  // Without a year, Feb 29 is computed in 1904 and then fails in 1900, as in Python.
  const leapYearFix = year === undefined && month === 2 && day === 29;
  let y = year ?? (leapYearFix ? 1904 : 1900);
  if (julian === undefined && weekday !== undefined) {
    if (weekOfYear !== undefined) julian = julianFromWeek(y, weekOfYear, weekday, weekStartsMonday);
    else if (isoYear !== undefined && isoWeek !== undefined) [y, julian] = julianFromIsoWeek(isoYear, isoWeek, weekday + 1);
    if (julian !== undefined && julian <= 0) {
      y -= 1;
      julian += isLeap(y) ? 366 : 365;
    }
  }
  if (julian !== undefined) {
    [y, month, day] = fromOrdinal(julian - 1 + toOrdinal(y, 1, 1));
  } else if (day > daysInMonth(y, month)) {
    throw new Error('day is out of range for month');
  }
  const result: StrptimeResult = { year: leapYearFix ? 1900 : y, month, day, hour, minute, second, micro, offsetMicro };
  if (!isValidDateTime(result)) throw new Error(`time data '${text}' is not a valid date and time`);
  if (offsetMicro !== null && Math.abs(offsetMicro) >= 86400e6) throw new Error('offset must be strictly between -24 and 24 hours');
  return result;
}

function parseOffset(z: string, text: string, format: string): number {
  if (z === 'z') fail(text, format);
  if (z === 'Z') return 0;
  let s = z;
  if (s[3] === ':') {
    s = s.slice(0, 3) + s.slice(4);
    if (s.length > 5) {
      if (s[5] !== ':') throw new Error(`Inconsistent use of : in ${z}`);
      s = s.slice(0, 5) + s.slice(6);
    }
  }
  const seconds = Number(s.slice(1, 3)) * 3600 + Number(s.slice(3, 5)) * 60 + Number(s.slice(5, 7) || 0);
  const fraction = Number(s.slice(8).padEnd(6, '0'));
  const total = seconds * 1e6 + fraction;
  return s[0] === '-' ? -total : total;
}

function julianFromWeek(year: number, week: number, weekday: number, weekStartsMonday: boolean): number {
  let first = weekdayOf(year, 1, 1);
  let dow = weekday;
  if (!weekStartsMonday) {
    first = (first + 1) % 7;
    dow = (dow + 1) % 7;
  }
  if (week === 0) return 1 + dow - first;
  return 1 + ((7 - first) % 7) + 7 * (week - 1) + dow;
}

function julianFromIsoWeek(isoYear: number, isoWeek: number, isoWeekday: number): [number, number] {
  const correction = weekdayOf(isoYear, 1, 4) + 1 + 3;
  let ordinal = isoWeek * 7 + isoWeekday - correction;
  let year = isoYear;
  if (ordinal < 1) {
    ordinal += toOrdinal(year, 1, 1);
    year -= 1;
    ordinal -= toOrdinal(year, 1, 1);
  }
  return [year, ordinal];
}
