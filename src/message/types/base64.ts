/**
 * Base64 type and the decoder parsers use for `raw`. Decoding follows Python's
 * non-validating `base64.b64decode`: characters outside the alphabet are
 * skipped, padding ends the data, and only a truncated final quantum is an
 * error ("Incorrect padding").
 */
import type { FieldType } from './field-type.ts';
import { decodeUtf8Ignore, encodeUtf8, isBytes } from './py.ts';

const CANONICAL = /^[A-Za-z0-9+/]*={0,2}$/;
const NON_ASCII = /[^\x00-\x7f]/;
const PAD = 0x3d;

const ALPHABET = new Int8Array(128).fill(-1);
for (const [i, c] of [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].entries()) {
  ALPHABET[c.charCodeAt(0)] = i;
}

/**
 * Python's `binascii.a2b_base64` in non-strict mode. Writes into `out` when
 * given; returns the number of bytes decoded, bit-inverted (negative) when
 * the padding is bad.
 */
function a2b(text: string, out: Uint8Array | null): number {
  let quadPos = 0;
  let pads = 0;
  let left = 0;
  let o = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === PAD) {
      if (quadPos >= 2 && quadPos + ++pads >= 4) return o;
      continue;
    }
    const v = c < 128 ? ALPHABET[c]! : -1;
    if (v < 0) continue;
    pads = 0;
    switch (quadPos) {
      case 0:
        left = v;
        quadPos = 1;
        break;
      case 1:
        if (out) out[o] = (left << 2) | (v >> 4);
        o++;
        left = v & 0x0f;
        quadPos = 2;
        break;
      case 2:
        if (out) out[o] = ((left << 4) | (v >> 2)) & 0xff;
        o++;
        left = v & 0x03;
        quadPos = 3;
        break;
      default:
        if (out) out[o] = ((left << 6) | v) & 0xff;
        o++;
        quadPos = 0;
    }
  }
  return quadPos === 0 ? o : ~o;
}

function isCanonical(text: string): boolean {
  return text.length % 4 === 0 && CANONICAL.test(text);
}

/** Whether Python's `b64decode(text)` succeeds (it rejects non-ASCII str input). */
function decodes(text: string): boolean {
  return isCanonical(text) || (!NON_ASCII.test(text) && a2b(text, null) >= 0);
}

/**
 * Decode base64 to text, never throwing: bad padding keeps what was decoded,
 * invalid UTF-8 sequences are dropped (upstream's `base64_decode`).
 */
export function base64Decode(text: string | Uint8Array): string {
  const s = typeof text === 'string' ? text : Buffer.from(text.buffer, text.byteOffset, text.byteLength).toString('latin1');
  if (isCanonical(s)) return decodeUtf8Ignore(Buffer.from(s, 'base64'));
  const out = new Uint8Array(Math.ceil((s.length * 3) / 4));
  const n = a2b(s, out);
  return decodeUtf8Ignore(out.subarray(0, n >= 0 ? n : ~n));
}

/** Base64 (standard alphabet, padded) of a string's UTF-8 bytes or of raw bytes. */
export function base64Encode(value: string | Uint8Array): string {
  const bytes = typeof value === 'string' ? encodeUtf8(value) : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  return bytes.toString('base64');
}

export const Base64: FieldType = {
  name: 'Base64',
  isValid(value) {
    return typeof value === 'string' && value.length > 0 && decodes(value);
  },
  sanitize(value) {
    // Always encodes, even text that already looks like base64, as upstream does.
    if (typeof value !== 'string' && !isBytes(value)) return null;
    return base64Encode(value) || null;
  },
};
