/**
 * The shape most feeds write their times in, `YYYY-MM-DD[T ]hh:mm:ss[.ffffff]
 * [Z|±hh[:]mm]`, read without the general dateutil-like scanner: that took
 * 8 % of a CSV parser's time. It must give exactly what `parseDateutil` gives
 * (a test compares the two); anything it is unsure about goes to the scanner.
 */
import { isValidDateTime } from './civil.ts';
import type { FuzzyDate } from './fuzzy-date.ts';

const ISO_DATE_TIME = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?(?:(Z)|([+-])(\d\d):?(\d\d))?$/;

/** The parsed time, or undefined when `text` is not plainly in that shape or not a valid time. */
export function parseIsoDateTime(text: string): FuzzyDate | undefined {
  const m = ISO_DATE_TIME.exec(text);
  if (!m) return undefined;
  const parts = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4]),
    minute: Number(m[5]),
    second: Number(m[6]),
    micro: m[7] === undefined ? 0 : Number(m[7].padEnd(6, '0')),
  };
  const offsetHours = m[10] === undefined ? 0 : Number(m[10]);
  const offsetMinutes = m[11] === undefined ? 0 : Number(m[11]);
  // Year 0, impossible dates and offsets of a day or more: the scanner knows how dateutil fails there.
  if (parts.year === 0 || !isValidDateTime(parts) || offsetHours >= 24 || offsetMinutes >= 60) return undefined;
  const offset = (m[9] === '-' ? -1 : 1) * (offsetHours * 3600 + offsetMinutes * 60);
  return { parts, offset: offset === 0 ? 0 : offset };
}
