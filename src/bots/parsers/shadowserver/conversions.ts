/**
 * The conversion functions a Shadowserver schema names by string (third
 * element of a field mapping), with upstream's semantics: `null` means
 * "nothing to add", a thrown error fails the line.
 */
import { FIELD_TYPES } from '../../../message/types/index.ts';

export type Row = Readonly<Record<string, string | null>>;
export type Conversion = (value: string, row: Row) => unknown;

/** Python `int(str)`: optional sign, digits with single `_` separators, surrounding whitespace. */
export function pyInt(value: string): number {
  const s = value.trim();
  if (!/^[+-]?\d+(_\d+)*$/.test(s)) throw new RangeError(`invalid literal for int() with base 10: '${value}'`);
  return Number(s.replace(/_/g, ''));
}

/** Python `float(str)`. */
export function pyFloat(value: string): number {
  const s = value.trim().replace(/(\d)_(?=\d)/g, '$1');
  if (/^[+-]?(inf|infinity)$/i.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/i.test(s)) return NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s)) throw new RangeError(`could not convert string to float: '${value}'`);
  return Number(s);
}

function validAfterSanitize(typeName: string, value: unknown): boolean {
  const type = FIELD_TYPES[typeName];
  if (!type) throw new Error(`harmonization type ${typeName} is not available`);
  const v = type.sanitize(value);
  return v !== null && v !== undefined && type.isValid(v);
}

function sanitizeDateTime(value: string): string | null {
  const v = FIELD_TYPES['DateTime']!.sanitize(value);
  return typeof v === 'string' ? v : null;
}

const TRUE_WORDS = new Set(['y', 'yes', 'true', 'enabled', '1']);
const FALSE_WORDS = new Set(['n', 'no', 'false', 'disabled', '0']);

/** Would Python's `base64.b64decode(v, validate=True)` accept it? */
function isStrictBase64(v: string): boolean {
  const m = /^[A-Za-z0-9+/]*(={0,2})$/.exec(v);
  if (!m) return false;
  const rest = (v.length - m[1]!.length) % 4;
  return rest === 0 || (rest === 2 && m[1]!.length === 2) || (rest === 3 && m[1]!.length >= 1);
}

/** Builds `scheme://host/path` from the host and path columns, which differ per report. */
function httpHostAndUrl(value: string, row: Row): string {
  let hostname = '';
  if ('cc_dns' in row) hostname = row['cc_dns'] ?? '';
  else if ('http_host' in row) hostname = row['http_host'] ?? '';
  let path = '';
  if ('url' in row) path = row['url'] ?? '';
  else if ('http_url' in row) path = row['http_url'] ?? '';
  if (!hostname || !path) return value;
  // Some reports give the full request line ("GET /x HTTP/1.1"), keep the path only.
  path = path.replace(/^[^/]*/, '').replace(/\s.*$/, '');
  const application = row['application'] === 'http' || row['application'] === 'https' ? row['application'] : 'http';
  return `${application}://${hostname}${path}`;
}

const WEBSHELL = 'exchange;webshell';

export const CONVERSIONS: Readonly<Record<string, Conversion>> = Object.freeze({
  add_UTC_to_timestamp: (v: string) => `${v} UTC`,
  convert_bool: (v: string) => {
    const lower = v.toLowerCase();
    if (TRUE_WORDS.has(lower)) return true;
    if (FALSE_WORDS.has(lower)) return false;
    return null;
  },
  validate_to_none: (v: string) => (!v || v === '0' || v === 'unknown' ? null : v),
  convert_int: (v: string) => (v ? pyInt(v) : null),
  convert_float: (v: string) => (v ? pyFloat(v) : null),
  convert_http_host_and_url: httpHostAndUrl,
  invalidate_zero: (v: string) => {
    if (!v) return null;
    const n = pyInt(v);
    return n !== 0 ? n : null;
  },
  // Upstream issue #1720: "0.0.0.0" and networks are not addresses even if the type would accept them.
  validate_ip: (v: string) => (v !== '0.0.0.0' && !v.includes('/') && validAfterSanitize('IPAddress', v) ? v : null),
  validate_network: (v: string) => (v.includes('/') && validAfterSanitize('IPNetwork', v) ? v : null),
  validate_fqdn: (v: string) => (v && validAfterSanitize('FQDN', v) ? v : null),
  convert_date: (v: string) => sanitizeDateTime(v),
  convert_date_utc: (v: string) => sanitizeDateTime(`${v}+00:00`),
  force_base64: (v: string) => {
    if (!v) return null;
    return isStrictBase64(v) ? v : Buffer.from(v, 'utf8').toString('base64');
  },
  scan_exchange_taxonomy: (v: string) => (v === WEBSHELL ? 'intrusions' : 'vulnerable'),
  scan_exchange_type: (v: string) => (v === WEBSHELL ? 'system-compromise' : 'infected-system'),
  scan_exchange_identifier: (v: string) => (v === WEBSHELL ? 'exchange-server-webshell' : 'vulnerable-exchange-server'),
  category_or_detail: (v: string, row: Row) => (v ? v : (row['detail'] ?? '')),
});
