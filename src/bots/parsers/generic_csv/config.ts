/**
 * The generic CSV parser's parameters, normalised the way upstream's `init`
 * does: `columns` as a comma string or a list, the mapping parameters as a
 * dict or a JSON string, empty strings meaning "not set", and the length of
 * `columns_required` checked against `columns`.
 */
import { Type, type Static } from '@sinclair/typebox';
import { pyStrip } from '../../../message/types/py.ts';
import { validateTimeFormat } from '../../../message/types/index.ts';
import { pyJsonLoads, unboxed } from '../json/pyjson-loads.ts';
import { compilePyRegex } from '../../../py/regex.ts';

// Null comes first in these unions: with Ajv's type coercion a String branch before it turns null into "".
const nullableString = (description: string) => Type.Union([Type.Null(), Type.String()], { default: null, description });
const mapping = (description: string) =>
  Type.Union([Type.Null(), Type.Record(Type.String(), Type.String()), Type.String()], { default: null, description });

export const GENERIC_CSV_PARAMETERS = Type.Object({
  columns: Type.Union([Type.Null(), Type.String(), Type.Array(Type.String())], {
    default: null,
    description: 'Harmonization field per column (list, or comma-separated string); `a|b` tries the keys in order, `__IGNORE__` or empty skips the column.',
  }),
  columns_required: Type.Union([Type.Null(), Type.Array(Type.Boolean())], {
    default: null,
    description: 'Per column: whether a value that cannot be added fails the line (default: all true).',
  }),
  column_regex_search: mapping('Field → Python regular expression; the column value is replaced by the first match (re.search).'),
  compose_fields: Type.Union([Type.Null(), Type.Record(Type.String(), Type.String())], {
    default: null,
    description: 'Field → Python format string over the row cells, e.g. {"source.url": "http://{0}{1}"}.',
  }),
  data_type: mapping('Field → data type of its column; only "json" is known.'),
  default_url_protocol: Type.String({ default: 'http://', description: 'Prefix for values of *.url fields that lack "://".' }),
  delimiter: Type.String({ default: ',', description: 'Column delimiter (one character).' }),
  filter_text: nullableString('Text that decides, with filter_type, which lines are parsed.'),
  filter_type: nullableString('"whitelist": only lines containing filter_text; "blacklist": only lines not containing it.'),
  skip_header: Type.Union([Type.Boolean(), Type.Integer({ minimum: 0 })], {
    default: false,
    description: 'Number of leading lines (after comment removal) to skip; true means 1.',
  }),
  time_format: nullableString('How time.source/time.destination are read: timestamp, windows_nt, epoch_millis, from_format|FMT, from_format_midnight|FMT, utc_isoformat, fuzzy (null).'),
  type: nullableString('Deprecated: classification.type for events that have none (use default_fields).'),
  type_translation: mapping('Feed value of classification.type → IntelMQ type.'),
});

export type GenericCsvParams = Static<typeof GENERIC_CSV_PARAMETERS>;

export interface GenericCsvConfig {
  columns: string[];
  required: boolean[];
  regexSearch: Map<string, RegExp>;
  compose: Array<[string, string]>;
  dataType: Record<string, unknown>;
  defaultUrlProtocol: string;
  delimiter: string;
  filter: { text: string; whitelist: boolean } | null;
  skipHeader: number;
  timeFormat: string | null;
  type: string | null;
  typeTranslation: Map<string, unknown>;
}

/** A dict parameter given as a dict or as JSON text; empty means none. */
function dictParam(name: string, value: unknown): Record<string, unknown> {
  if (value === null || value === undefined || value === '') return {};
  if (typeof value === 'string') {
    const parsed = unboxed(pyJsonLoads(value));
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`Parameter '${name}' must be a JSON object.`);
    return parsed as Record<string, unknown>;
  }
  return value as Record<string, unknown>;
}

export function resolveGenericCsvConfig(p: GenericCsvParams): GenericCsvConfig {
  if (p.columns === null || p.columns === undefined) throw new Error("Parameter 'columns' is required.");
  const columns = typeof p.columns === 'string' ? p.columns.split(',').map(pyStrip) : [...p.columns];
  const required = p.columns_required ? [...p.columns_required] : columns.map(() => true);
  if (required.length !== columns.length) {
    throw new Error(`Length of parameters 'columns' (${columns.length}) and 'columns_required' (${required.length}) needs to be equal.`);
  }
  if (p.filter_type && p.filter_type !== 'blacklist' && p.filter_type !== 'whitelist') {
    throw new Error(`Parameter 'filter_type' must be 'blacklist' or 'whitelist', got '${p.filter_type}'.`);
  }
  if ([...p.delimiter].length !== 1) throw new Error(`Parameter 'delimiter' must be a 1-character string, got '${p.delimiter}'.`);
  const timeFormat = p.time_format || null;
  if (timeFormat !== null) validateTimeFormat(timeFormat);
  const dataType = dictParam('data_type', p.data_type);
  for (const [field, kind] of Object.entries(dataType)) {
    if (kind !== 'json') throw new Error(`Unknown data type '${String(kind)}' for '${field}' in parameter 'data_type'; only 'json' is supported.`);
  }
  const regexSearch = new Map<string, RegExp>();
  for (const [field, pattern] of Object.entries(dictParam('column_regex_search', p.column_regex_search))) {
    // An empty pattern means no search, as upstream's truthiness check.
    if (pattern) regexSearch.set(field, compilePyRegex(String(pattern)));
  }
  return {
    columns,
    required,
    regexSearch,
    compose: Object.entries(p.compose_fields ?? {}),
    dataType,
    defaultUrlProtocol: p.default_url_protocol,
    delimiter: p.delimiter,
    filter: p.filter_text && p.filter_type ? { text: p.filter_text, whitelist: p.filter_type === 'whitelist' } : null,
    skipHeader: Number(p.skip_header),
    timeFormat,
    type: p.type,
    typeTranslation: new Map(Object.entries(dictParam('type_translation', p.type_translation))),
  };
}
