/**
 * Free-text date parser behaving like `dateutil.parser.parse(text, fuzzy=True)`
 * (dateutil 2.8/2.9, default `parserinfo`, month-first), which is what
 * upstream's DateTime sanitation relies on. The input is split into runs of
 * letters, digits and single other characters; tokens are then consumed left
 * to right, numbers being assigned to date or time fields by their shape and
 * neighbours, and unknown words skipped. Date parts that are missing come from
 * today (UTC), missing time parts are zero. Named zones other than UTC/GMT/Z
 * are ignored; numeric offsets are honoured.
 */
import { type DateParts, daysFromCivil, daysInMonth, isValidDateTime } from './civil.ts';
import { PY_DIGITS, tokenize } from './date-lexer.ts';
import { pyIntFromText } from './py.ts';
import { parseIsoDateTime } from './iso-date-time.ts';

export interface FuzzyDate {
  /** Wall-clock fields as written. */
  parts: DateParts;
  /** Offset east of UTC in seconds (0 when none or a named zone was given). */
  offset: number;
}

const NUMBER_TOKEN = /^[0-9]+(?:\.[0-9]+)?$/;
const DECIMAL_TOKEN = /^([0-9]+)(?:\.([0-9]+))?$/;
/** Words Python's `float()` accepts: they reach the numeric branch and make dateutil fail. */
const NON_FINITE_WORD = /^(?:inf|infinity|nan)$/i;
const UPPER_ASCII = /^[A-Z]+$/;

const JUMP = new Set([' ', '.', ',', ';', '-', '/', "'", 'at', 'on', 'and', 'ad', 'm', 't', 'of', 'st', 'nd', 'rd', 'th']);
const WEEKDAYS = lookup([['mon', 'monday'], ['tue', 'tuesday'], ['wed', 'wednesday'], ['thu', 'thursday'], ['fri', 'friday'], ['sat', 'saturday'], ['sun', 'sunday']]);
const MONTHS = lookup([
  ['jan', 'january'],
  ['feb', 'february'],
  ['mar', 'march'],
  ['apr', 'april'],
  ['may'],
  ['jun', 'june'],
  ['jul', 'july'],
  ['aug', 'august'],
  ['sep', 'sept', 'september'],
  ['oct', 'october'],
  ['nov', 'november'],
  ['dec', 'december'],
]);
const HMS = lookup([['h', 'hour', 'hours'], ['m', 'minute', 'minutes'], ['s', 'second', 'seconds']]);
const AMPM = lookup([['am', 'a'], ['pm', 'p']]);
const UTC_NAMES = new Set(['utc', 'gmt', 'z']);
const UTC_TOKENS = new Set(['UTC', 'GMT', 'Z', 'z']);

function lookup(groups: string[][]): Map<string, number> {
  const map = new Map<string, number>();
  groups.forEach((names, i) => names.forEach((n) => map.set(n, i)));
  return map;
}

const isJump = (t: string) => JUMP.has(t.toLowerCase());
const hmsOf = (t: string | undefined) => (t === undefined ? undefined : HMS.get(t.toLowerCase()));
const ampmOf = (t: string | undefined) => (t === undefined ? undefined : AMPM.get(t.toLowerCase()));
const monthOf = (t: string) => {
  const m = MONTHS.get(t.toLowerCase());
  return m === undefined ? undefined : m + 1;
};

/** Thrown where dateutil raises ValueError/IndexError; the whole parse then fails. */
class Unparsable extends Error {}

function int(text: string | undefined): number {
  const n = text === undefined ? null : pyIntFromText(text);
  if (n === null) throw new Unparsable();
  return n;
}

interface Result {
  year?: number;
  month?: number;
  day?: number;
  weekday?: number;
  hour?: number;
  minute?: number;
  second?: number;
  micro?: number;
  tzname?: string;
  tzoffset?: number;
  ampm?: number;
}

/** The year/month/day candidates in order of appearance, with what is known about each. */
class Ymd {
  readonly values: number[] = [];
  centurySpecified = false;
  yIdx: number | undefined;
  mIdx: number | undefined;

  get length(): number {
    return this.values.length;
  }

  append(val: string | number, label?: 'Y' | 'M'): void {
    let l = label;
    if (typeof val === 'string' ? PY_DIGITS.test(val) && val.length > 2 : val > 100) {
      this.centurySpecified = true;
      l = 'Y';
    }
    this.values.push(typeof val === 'string' ? int(val) : Math.trunc(val));
    const idx = this.values.length - 1;
    if (l === 'M') {
      if (this.mIdx !== undefined) throw new Unparsable();
      this.mIdx = idx;
    } else if (l === 'Y') {
      if (this.yIdx !== undefined) throw new Unparsable();
      this.yIdx = idx;
    }
  }

  couldBeDay(value: number): boolean {
    if (this.mIdx === undefined) return value >= 1 && value <= 31;
    const month = this.values[this.mIdx]!;
    const year = this.yIdx === undefined ? 2000 : this.values[this.yIdx]!;
    return value >= 1 && value <= daysInMonth(year, month);
  }

  resolve(): [year?: number, month?: number, day?: number] {
    const v = this.values;
    const n = v.length;
    // dateutil never labels a day, so at most year and month positions are known.
    const known = [this.yIdx, this.mIdx, undefined];
    const knownCount = known.filter((x) => x !== undefined).length;
    if ((n === knownCount && n > 0) || (n === 3 && knownCount === 2)) {
      const idx = known.slice();
      const missing = idx.indexOf(undefined);
      if (n === 3 && knownCount === 2) idx[missing] = [0, 1, 2].find((x) => !idx.includes(x));
      return [idx[0], idx[1], idx[2]].map((i) => (i === undefined ? undefined : v[i])) as [number?, number?, number?];
    }
    if (n > 3) throw new Unparsable();
    const m = this.mIdx;
    if (n === 1 || (m !== undefined && n === 2)) {
      // `self[mstridx - 1]` in Python wraps to the last element when the month comes first.
      const other = m === undefined ? v[0]! : v[(m + n - 1) % n]!;
      const month = m === undefined ? undefined : v[m];
      if (n > 1 || m === undefined) return other > 31 ? [other, month, undefined] : [undefined, month, other];
      return [undefined, month, undefined];
    }
    if (n === 2) {
      const [a, b] = v as [number, number];
      if (a > 31) return [a, b, undefined];
      if (b > 31) return [b, a, undefined];
      return [undefined, a, b];
    }
    if (n === 3) {
      const [a, b, c] = v as [number, number, number];
      if (m === 0) return b > 31 ? [b, a, c] : [c, a, b];
      if (m === 1) return a > 31 ? [a, b, c] : [c, b, a];
      if (m === 2) return b > 31 ? [b, c, a] : [a, c, b];
      if (a > 31 || this.yIdx === 0) return [a, b, c];
      if (a > 12) return [c, b, a];
      return [c, a, b];
    }
    return [undefined, undefined, undefined];
  }
}

function decimal(token: string | undefined): { whole: number; frac: string } {
  const m = token === undefined ? null : DECIMAL_TOKEN.exec(token);
  if (!m) throw new Unparsable();
  return { whole: Number(m[1]), frac: m[2] ?? '' };
}

/** `int(60 * (value % 1))` in exact decimal arithmetic; `undefined` when there is no fraction. */
function sixtieths(frac: string): number | undefined {
  if (!/[1-9]/.test(frac)) return undefined;
  return Number((60n * BigInt(frac)) / 10n ** BigInt(frac.length));
}

/** Seconds with an optional fraction: `"12.5"` → `[12, 500000]`. */
function secondsAndMicro(token: string | undefined): [number, number] {
  if (token === undefined) throw new Unparsable();
  const parts = token.split('.');
  if (parts.length === 1) return [int(token), 0];
  if (parts.length !== 2) throw new Unparsable();
  return [int(parts[0]), int(parts[1]!.padEnd(6, '0').slice(0, 6))];
}

function adjustAmpm(hour: number, ampm: number): number {
  if (hour < 12 && ampm === 1) return hour + 12;
  if (hour === 12 && ampm === 0) return 0;
  return hour;
}

function couldBeTzname(res: Result, tzoffset: number | undefined, token: string): boolean {
  return res.hour !== undefined && res.tzname === undefined && tzoffset === undefined && token.length <= 5 && (UPPER_ASCII.test(token) || UTC_TOKENS.has(token));
}

/** Index of an `h`/`m`/`s`-like word next to the number at `idx`. */
function findHmsIdx(idx: number, t: string[]): number | undefined {
  const n = t.length;
  if (idx + 1 < n && hmsOf(t[idx + 1]) !== undefined) return idx + 1;
  if (idx + 2 < n && t[idx + 1] === ' ' && hmsOf(t[idx + 2]) !== undefined) return idx + 2;
  if (idx > 0 && hmsOf(t[idx - 1]) !== undefined) return idx - 1;
  if (idx > 1 && idx === n - 1 && t[idx - 1] === ' ' && hmsOf(t[idx - 2]) !== undefined) return idx - 2;
  return undefined;
}

function parseNumber(t: string[], start: number, ymd: Ymd, res: Result): number {
  let idx = start;
  const s = t[idx]!;
  const value = Number(s);
  const len = s.length;
  const n = t.length;
  const next = t[idx + 1];

  if (ymd.length === 3 && (len === 2 || len === 4) && res.hour === undefined && (idx + 1 >= n || (next !== ':' && hmsOf(next) === undefined))) {
    res.hour = int(s.slice(0, 2));
    if (len === 4) res.minute = int(s.slice(2));
  } else if (len === 6 || (len > 6 && s.indexOf('.') === 6)) {
    if (ymd.length === 0 && !s.includes('.')) {
      ymd.append(s.slice(0, 2));
      ymd.append(s.slice(2, 4));
      ymd.append(s.slice(4));
    } else {
      res.hour = int(s.slice(0, 2));
      res.minute = int(s.slice(2, 4));
      [res.second, res.micro] = secondsAndMicro(s.slice(4));
    }
  } else if (len === 8 || len === 12 || len === 14) {
    ymd.append(s.slice(0, 4), 'Y');
    ymd.append(s.slice(4, 6));
    ymd.append(s.slice(6, 8));
    if (len > 8) {
      res.hour = int(s.slice(8, 10));
      res.minute = int(s.slice(10, 12));
      if (len > 12) res.second = int(s.slice(12));
    }
  } else if (findHmsIdx(idx, t) !== undefined) {
    const hmsIdx = findHmsIdx(idx, t)!;
    let hms: number;
    if (hmsIdx > idx) {
      hms = hmsOf(t[hmsIdx])!;
      idx = hmsIdx;
    } else hms = hmsOf(t[hmsIdx])! + 1;
    const d = decimal(s);
    if (hms === 0) {
      res.hour = d.whole;
      const minute = sixtieths(d.frac);
      if (minute !== undefined) res.minute = minute;
    } else if (hms === 1) {
      res.minute = d.whole;
      res.second = sixtieths(d.frac);
    } else if (hms === 2) {
      [res.second, res.micro] = secondsAndMicro(s);
    }
  } else if (idx + 2 < n && next === ':') {
    res.hour = Math.trunc(value);
    const d = decimal(t[idx + 2]);
    res.minute = d.whole;
    res.second = sixtieths(d.frac);
    if (idx + 4 < n && t[idx + 3] === ':') {
      [res.second, res.micro] = secondsAndMicro(t[idx + 4]);
      idx += 2;
    }
    idx += 2;
  } else if (idx + 1 < n && (next === '-' || next === '/' || next === '.')) {
    ymd.append(s);
    if (idx + 2 < n && !isJump(t[idx + 2]!)) {
      const second = t[idx + 2]!;
      if (PY_DIGITS.test(second)) ymd.append(second);
      else {
        const month = monthOf(second);
        if (month === undefined) throw new Unparsable();
        ymd.append(month, 'M');
      }
      if (idx + 3 < n && t[idx + 3] === next) {
        const third = t[idx + 4];
        if (third === undefined) throw new Unparsable();
        const month = monthOf(third);
        if (month !== undefined) ymd.append(month, 'M');
        else ymd.append(third);
        idx += 2;
      }
      idx += 1;
    }
    idx += 1;
  } else if (idx + 1 >= n || isJump(next!)) {
    const ampm = ampmOf(t[idx + 2]);
    if (idx + 2 < n && ampm !== undefined) {
      res.hour = adjustAmpm(Math.trunc(value), ampm);
      idx += 1;
    } else ymd.append(value);
    idx += 1;
  } else if (ampmOf(next) !== undefined && value >= 0 && value < 24) {
    res.hour = adjustAmpm(Math.trunc(value), ampmOf(next)!);
    idx += 1;
  } else if (ymd.couldBeDay(value)) {
    ymd.append(value);
  }
  return idx;
}

function scan(t: string[]): { res: Result; ymd: Ymd } {
  const res: Result = {};
  const ymd = new Ymd();
  const n = t.length;
  for (let i = 0; i < n; i++) {
    const tok = t[i]!;
    const lower = tok.toLowerCase();
    if (NUMBER_TOKEN.test(tok)) {
      i = parseNumber(t, i, ymd, res);
    } else if (NON_FINITE_WORD.test(tok)) {
      throw new Unparsable();
    } else if (WEEKDAYS.has(lower)) {
      res.weekday = WEEKDAYS.get(lower);
    } else if (MONTHS.has(lower)) {
      ymd.append(MONTHS.get(lower)! + 1, 'M');
      if (i + 1 < n) {
        const sep = t[i + 1];
        if (sep === '-' || sep === '/') {
          ymd.append(t[i + 2] ?? failIndex());
          if (i + 3 < n && t[i + 3] === sep) {
            ymd.append(t[i + 4] ?? failIndex());
            i += 2;
          }
          i += 2;
        } else if (i + 4 < n && t[i + 1] === ' ' && t[i + 3] === ' ' && t[i + 2]!.toLowerCase() === 'of') {
          if (PY_DIGITS.test(t[i + 4]!)) ymd.append(String(convertYear(int(t[i + 4]), false)), 'Y');
          i += 4;
        }
      }
    } else if (AMPM.has(lower)) {
      // Fuzzy mode: "a"/"am" are ordinary words unless they can qualify an hour.
      if (res.ampm === undefined && res.hour !== undefined && res.hour >= 0 && res.hour <= 12) {
        res.ampm = AMPM.get(lower)!;
        res.hour = adjustAmpm(res.hour, res.ampm);
      }
    } else if (couldBeTzname(res, res.tzoffset, tok)) {
      res.tzname = tok;
      res.tzoffset = tok === 'z' ? 0 : undefined;
      const sign = t[i + 1];
      if (sign === '+' || sign === '-') {
        // POSIX style "UTC+3" means three hours west: dateutil flips the sign.
        t[i + 1] = sign === '+' ? '-' : '+';
        res.tzoffset = undefined;
        if (UTC_NAMES.has(lower)) res.tzname = undefined;
      }
    } else if (res.hour !== undefined && (tok === '+' || tok === '-')) {
      const sign = tok === '+' ? 1 : -1;
      const digits = t[i + 1] ?? failIndex();
      let hours: number;
      let minutes: number;
      if (digits.length === 4) {
        hours = int(digits.slice(0, 2));
        minutes = int(digits.slice(2));
      } else if (i + 2 < n && t[i + 2] === ':') {
        hours = int(digits);
        minutes = int(t[i + 3]);
        i += 2;
      } else if (digits.length <= 2) {
        hours = int(digits.slice(0, 2));
        minutes = 0;
      } else throw new Unparsable();
      res.tzoffset = sign * (hours * 3600 + minutes * 60);
      // "+0100 (CET)": a parenthesised zone name after the offset.
      if (i + 5 < n && isJump(t[i + 2]!) && t[i + 3] === '(' && t[i + 5] === ')' && t[i + 4]!.length >= 3 && couldBeTzname(res, undefined, t[i + 4]!)) {
        res.tzname = t[i + 4];
        i += 4;
      }
      i += 1;
    }
  }
  return { res, ymd };
}

function failIndex(): never {
  throw new Unparsable();
}

/** Two-digit years land within 50 years of the current one. */
function convertYear(year: number, centurySpecified: boolean): number {
  if (year >= 100 || centurySpecified) return year;
  const current = new Date().getUTCFullYear();
  let y = year + Math.floor(current / 100) * 100;
  if (y >= current + 50) y -= 100;
  else if (y < current - 50) y += 100;
  return y;
}

/** Parse like `dateutil.parser.parse(text, fuzzy=True)`; `null` where it raises. */
export function parseFuzzy(text: string): FuzzyDate | null {
  return parseIsoDateTime(text) ?? parseDateutil(text);
}

/** The general scanner behind `parseFuzzy`, for any text. */
export function parseDateutil(text: string): FuzzyDate | null {
  let scanned: { res: Result; ymd: Ymd };
  let ymdResolved: [number?, number?, number?];
  try {
    scanned = scan(tokenize(text));
    ymdResolved = scanned.ymd.resolve();
  } catch (e) {
    if (e instanceof Unparsable) return null;
    throw e;
  }
  const { res, ymd } = scanned;
  [res.year, res.month, res.day] = ymdResolved;
  if (res.year !== undefined) res.year = convertYear(res.year, ymd.centurySpecified);
  if ((res.tzoffset === 0 && !res.tzname) || res.tzname === 'Z' || res.tzname === 'z') {
    res.tzname = 'UTC';
    res.tzoffset = 0;
  } else if (res.tzoffset !== 0 && res.tzname && UTC_NAMES.has(res.tzname.toLowerCase())) {
    res.tzoffset = 0;
  }
  if (Object.values(res).every((v) => v === undefined)) return null;

  const now = new Date();
  const year = res.year ?? now.getUTCFullYear();
  const month = res.month ?? now.getUTCMonth() + 1;
  if (month < 1 || month > 12) return null;
  // A default day past the end of the given month falls back to its last day.
  const day = res.day ?? Math.min(now.getUTCDate(), daysInMonth(year, month));
  const parts: DateParts = { year, month, day, hour: res.hour ?? 0, minute: res.minute ?? 0, second: res.second ?? 0, micro: res.micro ?? 0 };
  if (!isValidDateTime(parts)) return null;
  if (res.weekday !== undefined && !res.day) {
    const current = (((daysFromCivil(year, month, day) + 3) % 7) + 7) % 7;
    parts.day += (res.weekday - current + 7) % 7;
    if (parts.day > daysInMonth(year, month)) normaliseDay(parts);
  }
  const offset = res.tzoffset ?? 0;
  if (Math.abs(offset) >= 86400) return null;
  return { parts, offset };
}

/** Carry an overflowing day of month into the following month(s). */
function normaliseDay(p: DateParts): void {
  while (p.day > daysInMonth(p.year, p.month)) {
    p.day -= daysInMonth(p.year, p.month);
    if (++p.month > 12) {
      p.month = 1;
      p.year++;
    }
  }
}
