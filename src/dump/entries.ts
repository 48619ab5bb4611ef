/** Entries of a dump file as intelmqdump shows them: sorted by timestamp, addressed by index or timestamp. */
import { pyJsonDumps } from '../config/py-json.ts';
import type { DumpContent, DumpEntry } from '../log/dump-file.ts';

export function sortedKeys(content: DumpContent): string[] {
  return Object.keys(content).sort();
}

/** The last line of the traceback, shortened to 100 + `...` + 100 characters. */
export function errorSummary(entry: DumpEntry): string {
  const tb = entry.traceback;
  const last = typeof tb === 'string' ? (tb.split(/\r?\n/).filter((l) => l !== '').at(-1) ?? '') : (tb.at(-1) ?? '').trim();
  return last.length > 200 ? `${last.slice(0, 100)}...${last.slice(-100)}` : last;
}

export function entryLines(content: DumpContent): string[] {
  return sortedKeys(content).map((key, i) => `${String(i).padStart(3)}: ${key} ${errorSummary(content[key]!)}`);
}

export class IdError extends Error {
  override name = 'IdError';
}

/**
 * `id{,id}` (indexes of the sorted list, as upstream) or timestamps; `all`
 * selects every entry. Returns the keys in the order given.
 */
export function resolveIds(content: DumpContent, spec: string): string[] {
  const keys = sortedKeys(content);
  if (spec.trim() === 'all') return keys;
  const result: string[] = [];
  for (const part of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    if (/^[0-9]+$/.test(part)) {
      const key = keys[Number(part)];
      if (key === undefined) throw new IdError(`Invalid id ${part}: there are ${keys.length} entries (0-${keys.length - 1}).`);
      result.push(key);
    } else if (Object.hasOwn(content, part)) {
      result.push(part);
    } else {
      throw new IdError(`Invalid id '${part}': expected entry numbers like 0,2 or timestamps.`);
    }
  }
  if (result.length === 0) throw new IdError('No ids given.');
  return [...new Set(result)];
}

function truncate(text: string, limit: number): string {
  return limit > 0 && text.length > limit ? `${text.slice(0, limit)}...[truncated]` : text;
}

/** An entry for display: message decoded (unless base64), traceback as lines, `raw` and base64 messages truncated. */
export function showEntry(index: number, key: string, entry: DumpEntry, truncateAt: number): string {
  const shown: Record<string, unknown> = { ...entry };
  if (entry.message_type === 'base64') {
    shown.message = truncate(entry.message, truncateAt);
  } else {
    try {
      const message = JSON.parse(entry.message) as Record<string, unknown>;
      if (typeof message.raw === 'string') message.raw = truncate(message.raw, truncateAt);
      shown.message = message;
    } catch {
      shown.message = entry.message;
    }
  }
  shown.traceback = typeof entry.traceback === 'string' ? entry.traceback.split('\n') : entry.traceback.map((l) => l.replace(/\n$/, ''));
  return `${'='.repeat(100)}\nShowing id ${index} ${key}\n${'-'.repeat(50)}\n${pyJsonDumps(shown)}`;
}
