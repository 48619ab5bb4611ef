/**
 * Time arithmetic of the rule languages, in microseconds since the epoch (UTC)
 * so `.ffffff` fractions survive: upstream's `parse_relative` spans, ISO 8601
 * timestamps and `datetime.isoformat()` output.
 */

const MINUTES: Readonly<Record<string, number>> = Object.freeze({
  second: 1 / 60, minute: 1, hour: 60, day: 24 * 60, week: 7 * 24 * 60, month: 30 * 24 * 60, year: 365 * 24 * 60,
});

/** The unit words of relative times (`"<n> <unit>[s]"`). */
export const TIME_UNITS: readonly string[] = Object.freeze(Object.keys(MINUTES));

/** Upstream's `parse_relative`: `"4 hours"` → 240 (minutes); throws RangeError otherwise. */
export function parseRelative(text: string): number {
  const m = /^(\d+)\s+(\w+?)s?$/u.exec(text.trim());
  const unit = m ? MINUTES[m[2]!] : undefined;
  if (!m || unit === undefined) throw new RangeError(`Could not process result of regex for attribute '${text}'`);
  return Number(m[1]) * unit;
}

export const MICROS_PER_MINUTE = 60_000_000;

function micros(y: number, mo: number, d: number, h: number, mi: number, s: number, frac: string | undefined, offsetMinutes: number): number | null {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return null;
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(ms);
  if (check.getUTCDate() !== d || check.getUTCMonth() !== mo - 1) return null;
  const fraction = frac ? Number(frac.slice(0, 6).padEnd(6, '0')) : 0;
  return (ms - offsetMinutes * 60_000) * 1000 + fraction;
}

function offsetOf(tz: string | undefined): number {
  if (!tz || tz === 'Z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(tz)!;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return m[1] === '-' ? -minutes : minutes;
}

const ISO_TIMESTAMP = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** A stored timestamp (`datetime.fromisoformat`); naive times are UTC. */
export function parseIsoTimestamp(text: unknown): number | null {
  if (typeof text !== 'string') return null;
  const m = ISO_TIMESTAMP.exec(text);
  if (!m) return null;
  return micros(+m[1]!, +m[2]!, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), m[7], offsetOf(m[8]));
}

const ISO_8601 = /^(\d{4})-?(\d{2})-?(\d{2})(?:[T ](\d{2})(?::?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/** An ISO 8601 date or date-time as a rule writes it (`2023-06-01`, `2023-06-01 15:00`); UTC unless an offset is given. */
export function parseIso8601(text: string): number | null {
  const m = ISO_8601.exec(text.trim());
  if (!m) return null;
  return micros(+m[1]!, +m[2]!, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), m[7], offsetOf(m[8]));
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `datetime.isoformat()` of a UTC time: `.ffffff` only when there is a fraction. */
export function formatIsoUtc(us: number): string {
  const fraction = ((us % 1_000_000) + 1_000_000) % 1_000_000;
  const d = new Date((us - fraction) / 1000);
  const base = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return `${base}${fraction ? `.${pad(fraction, 6)}` : ''}+00:00`;
}

export function nowMicros(): number {
  return Date.now() * 1000;
}
