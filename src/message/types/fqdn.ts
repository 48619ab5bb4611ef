/**
 * FQDN type and IDNA 2003 encoding as Python's `str.encode('idna')` does it:
 * an all-ASCII name passes through unchanged (only label lengths are checked,
 * so `_` and upper case survive); otherwise each label is nameprepped
 * (RFC 3491) and punycoded (RFC 3492).
 */
import type { FieldType } from './field-type.ts';
import { genericSanitize, genericValid } from './generic.ts';
import { isValidAddress } from './ip.ts';
import { LEFT_TO_RIGHT, MAP_TO_NOTHING, PROHIBITED, RAND_AL } from './stringprep.ts';
import { urlsplit } from './url.ts';

const ASCII = /^[\x00-\x7f]*$/;
const IDNA_DOTS = /[.\u3002\uff0e\uff61]/;
/** Names that pass every FQDN check except "is not an IP address". */
const PLAIN_NAME = /^[a-z0-9_-]{1,63}(?:\.[a-z0-9_-]{1,63})*$/;
const DOTLESS_I = '\u0131';

/**
 * RFC 3491 nameprep; `null` on a prohibited character or a bidi violation.
 * Table B.2 (case folding closed under NFKC) is reproduced by upper- then
 * lower-casing and normalising twice, which matches Python for every
 * character assigned in Unicode 3.2 except dotless i (kept as is) and five
 * CJK compatibility ideographs whose decomposition Unicode later corrected.
 */
function nameprep(label: string): string | null {
  let mapped = '';
  for (const ch of label) {
    if (MAP_TO_NOTHING.test(ch)) continue;
    if (ch < '\x80' || ch === DOTLESS_I) {
      mapped += ch < '\x80' ? ch.toLowerCase() : ch;
      continue;
    }
    const once = ch.toUpperCase().toLowerCase().normalize('NFKC');
    mapped += once.toUpperCase().toLowerCase().normalize('NFKC');
  }
  const out = mapped.normalize('NFKC');
  if (PROHIBITED.test(out)) return null;
  if (RAND_AL.test(out)) {
    const chars = Array.from(out);
    if (LEFT_TO_RIGHT.test(out) || !RAND_AL.test(chars[0]!) || !RAND_AL.test(chars[chars.length - 1]!)) return null;
  }
  return out;
}

const BASE = 36;
const T_MIN = 1;
const T_MAX = 26;

function adapt(delta: number, numPoints: number, first: boolean): number {
  let d = first ? Math.floor(delta / 700) : delta >> 1;
  d += Math.floor(d / numPoints);
  let k = 0;
  while (d > ((BASE - T_MIN) * T_MAX) >> 1) {
    d = Math.floor(d / (BASE - T_MIN));
    k += BASE;
  }
  return k + Math.floor(((BASE - T_MIN + 1) * d) / (d + 38));
}

function digitChar(d: number): string {
  return String.fromCharCode(d < 26 ? 0x61 + d : 0x16 + d);
}

/** RFC 3492 punycode of a label (without the `xn--` prefix). */
function punycode(label: string): string {
  const cps = Array.from(label, (c) => c.codePointAt(0)!);
  let out = '';
  for (const c of cps) if (c < 0x80) out += String.fromCharCode(c);
  const basic = out.length;
  if (basic) out += '-';
  let n = 0x80;
  let delta = 0;
  let bias = 72;
  for (let handled = basic; handled < cps.length; ) {
    let m = Infinity;
    for (const c of cps) if (c >= n && c < m) m = c;
    delta += (m - n) * (handled + 1);
    n = m;
    for (const c of cps) {
      if (c < n) delta++;
      else if (c === n) {
        let q = delta;
        for (let k = BASE; ; k += BASE) {
          const t = k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias;
          if (q < t) break;
          out += digitChar(t + ((q - t) % (BASE - t)));
          q = Math.floor((q - t) / (BASE - t));
        }
        out += digitChar(q);
        bias = adapt(delta, handled + 1, handled === basic);
        delta = 0;
        handled++;
      }
    }
    delta++;
    n++;
  }
  return out;
}

function labelToAscii(label: string): string | null {
  let l = label;
  if (!ASCII.test(l)) {
    const prepped = nameprep(l);
    if (prepped === null) return null;
    l = prepped;
    if (!ASCII.test(l)) {
      if (l.startsWith('xn--')) return null;
      l = `xn--${punycode(l)}`;
    }
  }
  return l.length > 0 && l.length < 64 ? l : null;
}

/** Python `name.encode('idna').decode()`; `null` where the codec raises. */
export function idnaEncode(name: string): string | null {
  if (ASCII.test(name)) {
    const labels = name.split('.');
    for (let i = 0; i < labels.length - 1; i++) {
      const len = labels[i]!.length;
      if (len === 0 || len >= 64) return null;
    }
    return labels[labels.length - 1]!.length < 64 ? name : null;
  }
  const labels = name.split(IDNA_DOTS);
  const trailingDot = labels[labels.length - 1] === '';
  if (trailingDot) labels.pop();
  const out: string[] = [];
  for (const label of labels) {
    const ascii = labelToAscii(label);
    if (ascii === null) return null;
    out.push(ascii);
  }
  return out.join('.') + (trailingDot ? '.' : '');
}

function isValidFqdn(value: unknown): boolean {
  if (!genericValid(value)) return false;
  if (PLAIN_NAME.test(value)) return !isValidAddress(value);
  if (value.startsWith('.') || value.endsWith('.') || value !== value.toLowerCase() || value.includes(':')) return false;
  if (isValidAddress(value)) return false;
  const url = urlsplit(value);
  if (url === null || url.scheme || url.netloc || url.query || url.fragment || url.path.includes('/')) return false;
  return idnaEncode(value) === value;
}

function stripDots(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) === 0x2e) start++;
  while (end > start && s.charCodeAt(end - 1) === 0x2e) end--;
  return s.slice(start, end);
}

export const FQDN: FieldType = {
  name: 'FQDN',
  isValid: isValidFqdn,
  sanitize(value) {
    const s = genericSanitize(value);
    if (!s) return null;
    const name = stripDots(s);
    if (!name) return null;
    const encoded = idnaEncode(name);
    if (encoded === null) return null;
    const lower = encoded.toLowerCase();
    return isValidFqdn(lower) ? lower : null;
  },
};
