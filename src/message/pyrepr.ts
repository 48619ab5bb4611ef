/**
 * Python `repr()` of stored message values. IntelMQ hashes `repr(value)` for
 * the deduplicator and friends, so our hashes only match upstream's (and a
 * Python deduplicator sharing our Redis) if we print values the same way.
 */
import { pyFloatRepr } from './pyjson.ts';
import { PyFloat } from './types/field-type.ts';

const PLAIN_STRING = /^[\x20-\x26\x28-\x5b\x5d-\x7e]*$/;

export function pyReprString(s: string): string {
  if (PLAIN_STRING.test(s)) return `'${s}'`;
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (isPrintable(cp)) out += ch;
    else if (cp < 0x100) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp < 0x10000) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += `\\U${cp.toString(16).padStart(8, '0')}`;
  }
  return out + quote;
}

// Python's str.isprintable(): not in Unicode categories Cc, Cf, Cs, Co, Cn, Zl, Zp, Zs (except space).
const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;
function isPrintable(cp: number): boolean {
  if (cp === 0x20) return true;
  if (cp < 0x7f) return cp > 0x20;
  return !NON_PRINTABLE.test(String.fromCodePoint(cp));
}

export function pyRepr(value: unknown, isFloat = false): string {
  switch (typeof value) {
    case 'string':
      return pyReprString(value);
    case 'number':
      if (!Number.isFinite(value)) return Number.isNaN(value) ? 'nan' : value > 0 ? 'inf' : '-inf';
      return isFloat || !Number.isInteger(value) ? pyFloatRepr(value) : String(value);
    case 'boolean':
      return value ? 'True' : 'False';
    case 'object': {
      if (value === null) return 'None';
      if (value instanceof PyFloat) return pyFloatRepr(value.value);
      if (Array.isArray(value)) return `[${value.map((v) => pyRepr(v)).join(', ')}]`;
      const obj = value as Record<string, unknown>;
      return `{${Object.keys(obj).map((k) => `${pyReprString(k)}: ${pyRepr(obj[k])}`).join(', ')}}`;
    }
    default:
      return 'None';
  }
}
