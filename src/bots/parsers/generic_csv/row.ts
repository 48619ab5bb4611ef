/**
 * One CSV row to one event, with upstream's column semantics: for `a|b|c`
 * the value is offered to each key in turn until `add` accepts it (an
 * ignored value such as `-` counts as accepted); conversions applied for one
 * key carry over to the next; a required column whose value no key took
 * fails the line.
 */
import { InvalidValue, type Event } from '../../../message/index.ts';
import { convertDateTime } from '../../../message/types/index.ts';
import { pyTruthy } from '../../../message/types/py.ts';
import { pyJsonLoads, unboxed } from '../json/pyjson-loads.ts';
import type { GenericCsvConfig } from './config.ts';
import { pyFormatPositional } from '../../../py/format/positional.ts';
import { pySearch } from '../../../py/regex.ts';

/** Python's `needle in haystack` for the values a column can hold. */
function pyContains(haystack: unknown, needle: string): boolean {
  if (typeof haystack === 'string') return haystack.includes(needle);
  if (Array.isArray(haystack)) return haystack.includes(needle);
  if (haystack && typeof haystack === 'object') return Object.hasOwn(haystack, needle);
  throw new TypeError(`argument of type '${typeof haystack}' is not iterable`);
}

function translationKey(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return undefined;
  throw new TypeError("unhashable type: 'list'");
}

/** Offers one cell to its column's keys; true when a key took it (or the cell is empty or skipped). */
function addCell(event: Event, keygroup: string, cell: string, cfg: GenericCsvConfig): { taken: boolean; key: string; value: unknown } {
  const keys = keygroup.split('|');
  let value: unknown = cell;
  let key = keys[0]!;
  for (key of keys) {
    if (value === '') return { taken: true, key, value };
    const regex = cfg.regexSearch.get(key);
    if (regex) value = pySearch(regex, value);
    if (key === '__IGNORE__' || key === '') return { taken: true, key, value };
    if (Object.hasOwn(cfg.dataType, key)) {
      if (typeof value !== 'string') throw new TypeError(`the JSON object must be str, bytes or bytearray, not ${value === null ? 'NoneType' : typeof value}`);
      value = unboxed(pyJsonLoads(value));
    }
    if (key === 'time.source' || key === 'time.destination') {
      value = convertDateTime(value, cfg.timeFormat);
    } else if (key.endsWith('.url')) {
      if (!pyTruthy(value)) continue;
      if (!pyContains(value, '://')) {
        if (typeof value !== 'string') throw new TypeError(`can only concatenate str (not "${typeof value}") to str`);
        value = cfg.defaultUrlProtocol + value;
      }
    } else if (key === 'classification.type' && cfg.typeTranslation.size) {
      const k = translationKey(value);
      if (k !== undefined && cfg.typeTranslation.has(k)) value = cfg.typeTranslation.get(k);
      else if (cfg.type === null) continue;
    }
    if (event.add(key, value, { raiseFailure: false }) !== false) return { taken: true, key, value };
  }
  return { taken: false, key, value };
}

export function rowToEvent(event: Event, row: readonly string[], cfg: GenericCsvConfig, raw: string): Event {
  const n = Math.min(cfg.columns.length, row.length);
  for (let i = 0; i < n; i++) {
    const { taken, key, value } = addCell(event, cfg.columns[i]!, row[i]!, cfg);
    if (!taken && cfg.required[i]) throw new InvalidValue(key, value);
  }
  // Plain add: a composed field that a column already set fails the line, as upstream's item assignment.
  for (const [key, template] of cfg.compose) event.add(key, pyFormatPositional(template, row));
  if (cfg.type !== null && !event.has('classification.type')) event.add('classification.type', cfg.type);
  event.add('raw', raw);
  return event;
}
