/**
 * Python built-in semantics the harmonization types depend on: `str.strip()`,
 * truthiness, `str()`, `int()`/`float()` of strings and UTF-8 decoding with
 * `errors='ignore'`. Upstream's rules are phrased in these terms, so getting
 * them exactly right here keeps every type's edge cases aligned.
 */
import { pyRepr } from '../pyrepr.ts';
import { PyFloat } from './field-type.ts';

/** Python `str.isspace()` for one UTF-16 unit (no whitespace lies outside the BMP). */
export function isPyWhitespace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d) || code >= 0x1c;
  if (code < 0x85) return false;
  return (
    code === 0x85 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  );
}

/** Regex class of the characters Python's `str.isspace()` and `re`'s `\s` accept. */
export const PY_WHITESPACE_CLASS = '[\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';

/** Python `str.strip()`; JS `trim()` differs (it strips U+FEFF but not U+001C..U+001F, U+0085). */
export function pyStrip(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isPyWhitespace(s.charCodeAt(start))) start++;
  while (end > start && isPyWhitespace(s.charCodeAt(end - 1))) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

/** Python `bool(value)` for the values a message can hold. */
export function pyTruthy(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
      return value.length > 0;
    case 'number':
      return value !== 0; // NaN is truthy in Python too
    case 'boolean':
      return value;
    case 'bigint':
      return value !== 0n;
    case 'object':
      if (value === null) return false;
      if (value instanceof PyFloat) return value.value !== 0;
      if (value instanceof Uint8Array || Array.isArray(value)) return value.length > 0;
      for (const _ in value) return true;
      return false;
    default:
      return false;
  }
}

export function isBytes(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array;
}

/** A Python `int` (not `bool`, not `float`): JSON integers arrive as integral numbers. */
export function isPyInt(value: unknown): value is number | bigint {
  return (typeof value === 'number' && Number.isInteger(value)) || typeof value === 'bigint';
}

/** Python `str(value)` for non-string values. */
export function pyStr(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) >= 1e21) {
    // JS would print an exponent; a Python int prints all its digits.
    return BigInt(value).toString();
  }
  return pyRepr(value);
}

const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** `bytes.decode('utf-8', 'ignore')`: invalid sequences vanish, a BOM is kept. */
export function decodeUtf8Ignore(bytes: Uint8Array): string {
  try {
    return strictDecoder.decode(bytes);
  } catch {
    return decodeLenient(bytes);
  }
}

function decodeLenient(b: Uint8Array): string {
  const out: number[] = [];
  let chunk = '';
  const n = b.length;
  let i = 0;
  while (i < n) {
    const lead = b[i]!;
    if (lead < 0x80) {
      out.push(lead);
      i++;
    } else {
      // Second-byte bounds per lead byte exclude overlongs and surrogates (Unicode table 3-7).
      let need: number;
      let lo = 0x80;
      let hi = 0xbf;
      if (lead >= 0xc2 && lead <= 0xdf) need = 1;
      else if (lead >= 0xe0 && lead <= 0xef) {
        need = 2;
        if (lead === 0xe0) lo = 0xa0;
        else if (lead === 0xed) hi = 0x9f;
      } else if (lead >= 0xf0 && lead <= 0xf4) {
        need = 3;
        if (lead === 0xf0) lo = 0x90;
        else if (lead === 0xf4) hi = 0x8f;
      } else {
        i++;
        continue;
      }
      let cp = lead & (0x3f >> need);
      let j = i + 1;
      let ok = true;
      for (let k = 0; k < need; k++, j++) {
        const c = j < n ? b[j]! : -1;
        if (c < (k === 0 ? lo : 0x80) || c > (k === 0 ? hi : 0xbf)) {
          ok = false;
          break;
        }
        cp = (cp << 6) | (c & 0x3f);
      }
      // A broken sequence is dropped up to (not including) the byte that broke it.
      i = j;
      if (ok) out.push(cp);
    }
    if (out.length >= 4096) {
      chunk += String.fromCodePoint(...out);
      out.length = 0;
    }
  }
  return chunk + String.fromCodePoint(...out);
}

/** UTF-8 bytes of a string; lone surrogates are dropped as Python's `encode(errors='ignore')` would. */
export function encodeUtf8(s: string): Buffer {
  return Buffer.from(LONE_SURROGATE.test(s) ? s.replace(LONE_SURROGATE_G, '') : s, 'utf8');
}
const LONE_SURROGATE = /\p{Cs}/u;
const LONE_SURROGATE_G = /\p{Cs}/gu;

const NON_ASCII = /[^\x00-\x7f]/;
const UNICODE_DIGIT = /\p{Nd}/gu;
const IS_UNICODE_DIGIT = /^\p{Nd}$/u;
const digitValues = new Map<number, number>();

/**
 * Python's `int()`, `float()` and `\d` accept every Unicode decimal digit. Those
 * come in contiguous runs of whole 0..9 blocks, so a digit's value is its
 * distance from the start of its run, modulo 10.
 */
export function asciiDigits(s: string): string {
  if (!NON_ASCII.test(s)) return s;
  return s.replace(UNICODE_DIGIT, (d) => {
    const cp = d.codePointAt(0)!;
    if (cp < 0x80) return d;
    let v = digitValues.get(cp);
    if (v === undefined) {
      let start = cp;
      while (IS_UNICODE_DIGIT.test(String.fromCodePoint(start - 1))) start--;
      v = (cp - start) % 10;
      digitValues.set(cp, v);
    }
    return String(v);
  });
}

const INT_TEXT = /^[+-]?\d(?:_?\d)*$/;
const FLOAT_TEXT = /^[+-]?(?:(?:(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?)|inf(?:inity)?|nan)$/i;
const UNDERSCORE = /_/g;

/** Python `int(text)` (base 10); `null` where Python raises. */
export function pyIntFromText(text: string): number | null {
  const s = asciiDigits(pyStrip(text));
  if (!INT_TEXT.test(s)) return null;
  const n = Number(s.includes('_') ? s.replace(UNDERSCORE, '') : s);
  return n === 0 ? 0 : n;
}

/** Python `float(text)`; `null` where Python raises. */
export function pyFloatFromText(text: string): number | null {
  const s = asciiDigits(pyStrip(text));
  if (!FLOAT_TEXT.test(s)) return null;
  const last = s.charCodeAt(s.length - 1) | 0x20;
  if (last === 0x6e /* n */ || last === 0x66 /* f */ || last === 0x79 /* y */) {
    if ((s.charCodeAt(s.length - 2) | 0x20) === 0x61 /* "nan" */) return NaN;
    return s[0] === '-' ? -Infinity : Infinity;
  }
  return Number(s.includes('_') ? s.replace(UNDERSCORE, '') : s);
}

/** Python `int(value)` for any value; `null` where Python raises. */
export function pyInt(value: unknown): number | null {
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value) ? Math.trunc(value) || 0 : null;
    case 'boolean':
      return value ? 1 : 0;
    case 'bigint':
      return Number(value);
    case 'string':
      return pyIntFromText(value);
    case 'object':
      if (value instanceof PyFloat) return pyInt(value.value);
      if (value instanceof Uint8Array) return pyIntFromText(decodeUtf8Ignore(value));
      return null;
    default:
      return null;
  }
}

/** Python `float(value)` for any value; `null` where Python raises. */
export function pyFloat(value: unknown): number | null {
  switch (typeof value) {
    case 'number':
      return value;
    case 'boolean':
      return value ? 1 : 0;
    case 'bigint':
      return Number(value);
    case 'string':
      return pyFloatFromText(value);
    case 'object':
      if (value instanceof PyFloat) return value.value;
      if (value instanceof Uint8Array) return pyFloatFromText(decodeUtf8Ignore(value));
      return null;
    default:
      return null;
  }
}
