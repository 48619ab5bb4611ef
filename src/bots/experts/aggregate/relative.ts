// Minutes per unit, as upstream's intelmq.lib.utils.TIMESPANS (no seconds or minutes).
const TIMESPANS: Readonly<Record<string, number>> = { hour: 60, day: 24 * 60, week: 7 * 24 * 60, month: 30 * 24 * 60, year: 365 * 24 * 60 };

/** Upstream's `parse_relative`: "4 hours" → 240 (minutes); throws for anything else. */
export function parseRelative(text: string): number {
  const m = /^(\d+)\s+(\w+[^s])s?$/u.exec(text.trim());
  const unit = m?.[2];
  if (!m || unit === undefined || !Object.hasOwn(TIMESPANS, unit)) {
    throw new Error(`Could not process result of regex for attribute '${text}'`);
  }
  return Number.parseInt(m[1]!, 10) * TIMESPANS[unit]!;
}

/** Python's `datetime.now().isoformat()` with microseconds: local wall time without offset. */
export function localIsoNow(now = new Date()): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}T${p(now.getHours())}:${p(now.getMinutes())}:${p(now.getSeconds())}.${p(now.getMilliseconds(), 3)}000`;
}

/** Parses what localIsoNow (or Python's isoformat) wrote, as local time. */
export function parseLocalIso(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/.exec(text);
  if (!m) throw new Error(`time data '${text}' does not match format '%Y-%m-%dT%H:%M:%S.%f'`);
  const ms = m[7] ? Math.trunc(Number(m[7].padEnd(6, '0')) / 1000) : 0;
  return new Date(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, ms).getTime();
}
