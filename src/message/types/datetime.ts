/**
 * DateTime type (UTC ISO 8601 with `+00:00`) and the explicit time
 * conversions parsers select with their `time_format` parameter.
 */
import { InvalidArgument } from '../errors.ts';
import { PyFloat, type FieldType } from './field-type.ts';
import { type DateParts, type Instant, daysFromCivil, daysInMonth, formatUtc, toInstant } from './civil.ts';
import { parseFuzzy } from './fuzzy-date.ts';
import { strptime } from './strptime.ts';
import { asciiDigits, pyFloat, pyInt, pyStr } from './py.ts';

/**
 * Python `strptime(v, '%Y-%m-%dT%H:%M:%S+00:00')` or `…%S.%f+00:00`: one or two
 * digits for month, day and time fields, 1-6 fraction digits, `t` or `T`.
 */
const CANONICAL = /^([0-9]{4})-(1[0-2]|0[1-9]|[1-9])-(3[01]|[12][0-9]|0[1-9]|[1-9]| [1-9])[Tt](2[0-3]|[01][0-9]|[0-9]):([0-5][0-9]|[0-9]):(6[01]|[0-5][0-9]|[0-9])(?:\.[0-9]{1,6})?\+00:00$/;
const NON_ASCII = /[^\x00-\x7f]/;

/** Two ASCII digits at `i`, or -1. */
function twoDigits(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** Fast path for the form IntelMQ itself writes: zero-padded, `T`, and no or six fraction digits. */
function isPaddedCanonical(v: string): boolean {
  const len = v.length;
  if (len !== 25 && len !== 32) return false;
  if (v.charCodeAt(4) !== 45 || v.charCodeAt(7) !== 45 || v.charCodeAt(10) !== 84 || v.charCodeAt(13) !== 58 || v.charCodeAt(16) !== 58) return false;
  if (len === 32 && (v.charCodeAt(19) !== 46 || twoDigits(v, 20) < 0 || twoDigits(v, 22) < 0 || twoDigits(v, 24) < 0)) return false;
  if (!v.endsWith('+00:00')) return false;
  const hi = twoDigits(v, 0);
  const lo = twoDigits(v, 2);
  const month = twoDigits(v, 5);
  const day = twoDigits(v, 8);
  const hour = twoDigits(v, 11);
  const minute = twoDigits(v, 14);
  const second = twoDigits(v, 17);
  const year = hi * 100 + lo;
  return hi >= 0 && lo >= 0 && year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) && hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59;
}

function isCanonical(value: string): boolean {
  if (isPaddedCanonical(value)) return true;
  const m = CANONICAL.exec(value) ?? (NON_ASCII.test(value) ? CANONICAL.exec(asciiDigits(value)) : null);
  if (!m) return false;
  const year = Number(m[1]);
  return year >= 1 && Number(m[3]) <= daysInMonth(year, Number(m[2])) && Number(m[6]) <= 59;
}

function fuzzyToUtc(text: string): string | null {
  const parsed = parseFuzzy(text);
  return parsed && formatUtc(toInstant(parsed.parts, parsed.offset * 1e6));
}

export const DateTime: FieldType = {
  name: 'DateTime',
  isValid(value) {
    return typeof value === 'string' && isCanonical(value);
  },
  sanitize(value) {
    // Numbers are not guessed to be timestamps: parsers convert them explicitly.
    if (typeof value !== 'string') return null;
    return isCanonical(value) ? value : fuzzyToUtc(value);
  },
};

/** Names accepted by `time_format` (and `convertDateTime`), as in upstream's `TIME_CONVERSIONS`. */
export const TIME_FORMATS: readonly string[] = Object.freeze(['timestamp', 'windows_nt', 'epoch_millis', 'from_format', 'from_format_midnight', 'utc_isoformat', 'fuzzy']);
const DOCS = 'https://docs.intelmq.org/en/latest/user/bots/#generic-csv-parser';

/**
 * Check a `time_format` parameter: a known name, and a `|FORMAT` exactly for the
 * `from_format*` conversions. Returns the effective format (empty means fuzzy).
 */
export function validateTimeFormat(format: string | null | undefined): string {
  const effective = format || 'fuzzy';
  const [name, pattern] = effective.split('|') as [string, string | undefined];
  if (!TIME_FORMATS.includes(name)) throw new InvalidArgument('time_format', effective, TIME_FORMATS, DOCS);
  const wantsPattern = name.startsWith('from_format');
  if (wantsPattern && !pattern) throw new InvalidArgument('time_format', effective, `${name}|FORMAT_STRING`, DOCS);
  if (!wantsPattern && pattern) throw new InvalidArgument('time_format', effective, name, DOCS);
  return effective;
}

function requireUtc(t: Instant): string {
  const text = formatUtc(t);
  if (text === null) throw new RangeError('date value out of range');
  return text;
}

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 ? 2 * Math.round(x / 2) : r;
}

/** `epoch + timedelta(seconds=s)`: float seconds are rounded to microseconds, half to even. */
function afterEpoch(epochSec: number, seconds: number): string {
  if (!Number.isFinite(seconds)) throw new RangeError(`cannot convert ${seconds} to a date`);
  const whole = Math.trunc(seconds);
  let micro = roundHalfEven((seconds - whole) * 1e6);
  let sec = epochSec + whole;
  if (micro < 0) {
    micro += 1e6;
    sec -= 1;
  } else if (micro >= 1e6) {
    micro -= 1e6;
    sec += 1;
  }
  return requireUtc({ sec, micro });
}

function numberArg(value: unknown): number {
  const n = typeof value === 'number' || value instanceof PyFloat || typeof value === 'bigint' ? Number(value) : pyFloat(value);
  if (n === null) throw new TypeError(`not a number: ${String(value)}`);
  return n;
}

function intArg(value: unknown): number {
  const n = pyInt(value);
  if (n === null) throw new TypeError(`invalid literal for int(): ${String(value)}`);
  return n;
}

function textArg(value: unknown): string {
  if (typeof value !== 'string') throw new TypeError(`strptime() argument must be str, not ${typeof value}`);
  return value;
}

const NT_EPOCH_SEC = daysFromCivil(1601, 1, 1) * 86400;

/** Seconds since the Unix epoch (numbers or numeric text). */
function fromTimestamp(value: unknown): string {
  return afterEpoch(0, numberArg(value));
}

/** Decided by the length of the value's text: 10 digits seconds, 12 centiseconds, 13 milliseconds. */
function fromEpochMillis(value: unknown): string | undefined {
  const length = pyStr(value).length;
  if (length !== 10 && length !== 12 && length !== 13) return undefined;
  const n = intArg(value);
  return afterEpoch(0, length === 10 ? n : Math.floor(n / (length === 12 ? 100 : 1000)));
}

/** Windows NT / LDAP / Active Directory time: 100 ns ticks since 1601-01-01 UTC. */
function fromWindowsNt(value: unknown): string {
  return afterEpoch(NT_EPOCH_SEC, intArg(value) * 1e-7);
}

function fromFormat(value: unknown, format: string): string {
  const r = strptime(textArg(value), format);
  return requireUtc(toInstant(r, r.offsetMicro ?? 0));
}

function fromFormatMidnight(value: unknown, format: string): string {
  const r = strptime(textArg(value), format);
  const midnight: DateParts = { year: r.year, month: r.month, day: r.day, hour: 0, minute: 0, second: 0, micro: 0 };
  return requireUtc(toInstant(midnight));
}

function fromUtcIsoformat(value: unknown): string {
  const text = textArg(value);
  if (!isCanonical(text)) throw new RangeError(`time data '${text}' does not match format '%Y-%m-%dT%H:%M:%S+00:00'`);
  return text;
}

function fromFuzzy(value: unknown): string {
  const text = textArg(value);
  const converted = fuzzyToUtc(text);
  if (converted === null) throw new RangeError(`Unknown string format: ${text}`);
  return converted;
}

/**
 * Upstream's `DateTime.convert(value, format)`: convert a time value with the
 * named conversion (`null`/empty = `fuzzy`). Throws where upstream raises;
 * `epoch_millis` of a value of unexpected length gives `undefined`.
 */
export function convertDateTime(value: unknown, format?: string | null): string | undefined {
  const fmt = format || 'fuzzy';
  if (fmt.startsWith('from_format|')) return fromFormat(value, fmt.slice('from_format|'.length));
  if (fmt.startsWith('from_format_midnight|')) return fromFormatMidnight(value, fmt.slice('from_format_midnight|'.length));
  switch (fmt) {
    case 'timestamp':
      return fromTimestamp(value);
    case 'epoch_millis':
      return fromEpochMillis(value);
    case 'windows_nt':
      return fromWindowsNt(value);
    case 'utc_isoformat':
      return fromUtcIsoformat(value);
    case 'fuzzy':
      return fromFuzzy(value);
    default:
      throw new InvalidArgument('time_format', fmt, TIME_FORMATS, DOCS);
  }
}

/** The current UTC time without microseconds, e.g. `2024-05-01T10:00:00+00:00`. */
export function generateDateTimeNow(): string {
  return requireUtc({ sec: Math.floor(Date.now() / 1000), micro: 0 });
}
