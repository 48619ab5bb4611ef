/**
 * One CSV row of a Shadowserver report to one event, driven by the report's
 * schema entry: required columns must exist, optional ones may, constant
 * fields are set, and every column nobody consumed lands in `extra`.
 */
import type { BotLogger } from '../../../bot/declaration.ts';
import { InvalidKey, InvalidValue, type Event } from '../../../message/index.ts';
import { CONVERSIONS, type Row } from './conversions.ts';
import type { FieldMapping, ReportSchema } from './schema.ts';

export interface RowContext {
  row: Row;
  /** Header columns, in order (duplicates kept). */
  fieldnames: readonly string[];
  feedName: string;
  logger: BotLogger;
}

function removeFirst(list: string[], item: string): void {
  const i = list.indexOf(item);
  if (i >= 0) list.splice(i, 1);
}

function convert(item: FieldMapping, raw: string | null, c: RowContext): unknown {
  const name = item[2];
  if (name === undefined || name === null || raw === null) return raw;
  const fn = CONVERSIONS[name];
  if (!fn) throw new Error(`Unknown conversion function '${name}' in the Shadowserver schema (feed '${c.feedName}').`);
  // Python would call a two-argument function without the row and fail.
  if (!item[3] && fn.length > 1) throw new TypeError(`Conversion function '${name}' needs the row (4th element true) in feed '${c.feedName}'.`);
  try {
    return fn(raw, c.row);
  } catch (e) {
    c.logger.error(`Could not convert shadowkey: '${item[1]}' in feed '${c.feedName}', value: '${raw}' via conversion function '${name}'.`);
    throw e;
  }
}

/**
 * Makes the column available to this mapping: a column named twice in the
 * schema is put back so both mappings see it. Returns false if the header lacks it.
 */
function claimColumn(remaining: string[], column: string, c: RowContext): boolean {
  if (remaining.includes(column)) return true;
  if (!Object.hasOwn(c.row, column)) return false;
  remaining.push(column);
  return true;
}

function addRequired(event: Event, schema: ReportSchema, remaining: string[], c: RowContext): void {
  for (const item of schema.required_fields) {
    const [key, column] = item;
    if (!claimColumn(remaining, column, c)) {
      throw new Error(`Required column '${column}' not found in feed '${c.feedName}'. Possible change in data format or misconfiguration.`);
    }
    const value = convert(item, c.row[column] ?? null, c);
    if (value === null || value === undefined) continue;
    try {
      event.add(String(key), value);
    } catch (e) {
      if (!(e instanceof InvalidKey)) throw e;
      // The schema may name fields this site's harmonization does not have.
      c.logger.warning(`Key not found in IDF '${String(key)}'.`);
    }
    removeFirst(remaining, column);
  }
}

function addOptional(event: Event, schema: ReportSchema, remaining: string[], extra: Record<string, unknown>, c: RowContext): void {
  for (const item of schema.optional_fields ?? []) {
    const [key, column] = item;
    if (!claimColumn(remaining, column, c)) {
      c.logger.warning(`Optional key '${column}' not found in feed '${c.feedName}'. Possible change in data format or misconfiguration.`);
      continue;
    }
    const value = convert(item, c.row[column] ?? null, c);
    if (value === null || value === undefined || key === false || key === null) {
      removeFirst(remaining, column);
      continue;
    }
    if (key === 'extra.') {
      extra[column] = value;
    } else if (key.startsWith('extra.')) {
      extra[key.slice('extra.'.length)] = value;
    } else {
      try {
        event.add(key, value);
      } catch (e) {
        if (e instanceof InvalidValue) {
          // Left in `remaining`: the raw column value ends up in extra.
          c.logger.debug(`Could not add key '${column}' in feed '${c.feedName}', adding it to extras.`);
          continue;
        }
        if (!(e instanceof InvalidKey)) throw e;
        extra[key] = value;
      }
    }
    removeFirst(remaining, column);
  }
}

/** Fills `event` from the row; `raw` is the line as it goes into the event. */
export function mapRow(event: Event, schema: ReportSchema, raw: string, c: RowContext): void {
  const remaining = [...c.fieldnames];
  const extra: Record<string, unknown> = {};
  addRequired(event, schema, remaining, c);
  addOptional(event, schema, remaining, extra, c);
  event.update({ ...(schema.constant_fields ?? {}) });
  event.add('raw', raw);
  for (const column of remaining) {
    const value = c.row[column];
    if (value !== '') extra[column] = value ?? null;
  }
  if (Object.keys(extra).length) event.add('extra', extra);
}
