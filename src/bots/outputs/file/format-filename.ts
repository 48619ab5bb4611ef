/**
 * `format_filename` placeholders as upstream's Python `str.format`:
 * `{event[source.ip]}`, and for time fields a strftime spec,
 * `{event[time.source]:%Y-%m-%d}`.
 */
import type { Event } from '../../../message/index.ts';

const PLACEHOLDER = /\{event\[([a-z0-9_.]+)\](?::([^}]*))?\}/g;

function strftime(d: Date, fmt: string): string {
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return fmt.replace(/%([YmdHMSjyf%])/g, (_, c: string) => {
    switch (c) {
      case 'Y': return String(d.getUTCFullYear());
      case 'y': return pad(d.getUTCFullYear() % 100);
      case 'm': return pad(d.getUTCMonth() + 1);
      case 'd': return pad(d.getUTCDate());
      case 'H': return pad(d.getUTCHours());
      case 'M': return pad(d.getUTCMinutes());
      case 'S': return pad(d.getUTCSeconds());
      case 'f': return pad(d.getUTCMilliseconds() * 1000, 6);
      case 'j': return pad(Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1, 3);
      default: return '%';
    }
  });
}

export function hasPlaceholders(template: string): boolean {
  PLACEHOLDER.lastIndex = 0;
  return PLACEHOLDER.test(template);
}

/** Throws when a referenced field is missing, so the event is dumped rather than written to a wrong file. */
export function formatFilename(template: string, event: Event): string {
  return template.replace(PLACEHOLDER, (_, key: string, spec: string | undefined) => {
    const v = event.get(key);
    if (v === undefined) throw new Error(`format_filename: the event has no field '${key}'.`);
    if (spec) {
      if (!key.startsWith('time.')) throw new Error(`format_filename: a format spec is only supported for time fields, not '${key}'.`);
      return strftime(new Date(String(v)), spec);
    }
    return String(v);
  });
}
