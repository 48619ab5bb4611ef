/**
 * JSON text exactly as Python's `json.dumps` writes it, so that byte-level
 * comparisons with upstream and mixed Python/TypeScript deployments agree:
 * separators `", "` and `": "`, `\uXXXX` escapes when `ensureAscii`, and floats
 * in Python's repr (`100.0`, `1e-05`).
 */
import { PyFloat } from './types/field-type.ts';

const NEEDS_ESCAPE_ASCII = /[^\x20-\x7e]|["\\]/;
const NEEDS_ESCAPE_UTF8 = /[\x00-\x1f"\\]/;

const SHORT_ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

export function pyJsonString(s: string, ensureAscii = true): string {
  if (!(ensureAscii ? NEEDS_ESCAPE_ASCII : NEEDS_ESCAPE_UTF8).test(s)) return `"${s}"`;
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    const code = s.charCodeAt(i);
    const short = SHORT_ESCAPES[ch];
    if (short) out += short;
    else if (code < 0x20 || (ensureAscii && code > 0x7e)) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** Python `float.__repr__`: shortest round-trip digits, always marked as a float. */
export function pyFloatRepr(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(n);
  if (abs >= 1e16 || abs < 1e-4) {
    // JS gives "1e-7" / "1.5e+21"; Python pads the exponent to two digits.
    const [mant, exp] = n.toExponential().split('e') as [string, string];
    const sign = exp[0] === '-' ? '-' : '+';
    const digits = exp.replace(/^[+-]/, '').padStart(2, '0');
    return `${mant}e${sign}${digits}`;
  }
  const s = String(n);
  return s.includes('.') ? s : `${s}.0`;
}

export interface PyJsonOptions {
  ensureAscii: boolean;
  sortKeys: boolean;
  /** Python's `indent`: pretty-printing with `,` item separators, as config and dump files use it. */
  indent?: number;
}

export function pyJsonValue(value: unknown, opts: PyJsonOptions): string {
  return encode(value, opts, 0);
}

function encode(value: unknown, opts: PyJsonOptions, level: number): string {
  switch (typeof value) {
    case 'string':
      return pyJsonString(value, opts.ensureAscii);
    case 'number':
      return Number.isInteger(value) ? String(value) : pyFloatRepr(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'undefined':
      return 'null';
    case 'object': {
      if (value === null) return 'null';
      if (value instanceof PyFloat) return pyFloatRepr(value.value);
      if (Array.isArray(value)) return container('[', ']', value.map((v) => encode(v, opts, level + 1)), opts, level);
      const obj = value as Record<string, unknown>;
      // Python has no `undefined`; dropping such keys is what JSON.stringify does too.
      const keys = Object.keys(obj).filter((k) => obj[k] !== undefined);
      if (opts.sortKeys) keys.sort(compareCodePoints);
      return container('{', '}', keys.map((k) => `${pyJsonString(k, opts.ensureAscii)}: ${encode(obj[k], opts, level + 1)}`), opts, level);
    }
    default:
      throw new TypeError(`Object of type ${typeof value} is not JSON serializable`);
  }
}

function container(open: string, close: string, items: string[], opts: PyJsonOptions, level: number): string {
  if (opts.indent === undefined) return `${open}${items.join(', ')}${close}`;
  if (items.length === 0) return open + close;
  const inner = `\n${' '.repeat(opts.indent * (level + 1))}`;
  return `${open}${inner}${items.join(`,${inner}`)}\n${' '.repeat(opts.indent * level)}${close}`;
}

/** Python sorts str by code point; JS `<` on strings compares UTF-16 units, which differs only for astral chars. */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.codePointAt(i)!;
    const cb = b.codePointAt(i)!;
    if (ca !== cb) return ca < cb ? -1 : 1;
    if (ca > 0xffff) i++;
  }
  return a.length - b.length;
}

/** `json.dumps(value)` with Python defaults (ensure_ascii, insertion order, no indent). */
export function pyJsonDumps(value: unknown, opts: Partial<PyJsonOptions> = {}): string {
  return pyJsonValue(value, { ensureAscii: opts.ensureAscii ?? true, sortKeys: opts.sortKeys ?? false, indent: opts.indent });
}
