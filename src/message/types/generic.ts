/**
 * The string-like base types. Every other type builds on `genericSanitize`
 * (upstream's `GenericType.sanitize`) and `genericValid`.
 */
import type { FieldType } from './field-type.ts';
import { decodeUtf8Ignore, isBytes, pyStr, pyStrip, pyTruthy } from './py.ts';

/** Falsy → null; strings stripped; bytes decoded then stripped; anything else `str()`-ed. */
export function genericSanitize(value: unknown): string | null {
  if (typeof value === 'string') return value.length === 0 ? null : pyStrip(value);
  if (!pyTruthy(value)) return null;
  if (isBytes(value)) return pyStrip(decodeUtf8Ignore(value));
  try {
    return pyStr(value);
  } catch {
    // A self-referencing container has no printable form.
    return null;
  }
}

/** A non-empty string; whitespace is deliberately not checked. */
export function genericValid(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

/** The text of a str or bytes value; `null` for anything else (upstream's `.lower()` raises there). */
function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (isBytes(value)) return decodeUtf8Ignore(value);
  return null;
}

export const StringType: FieldType = {
  name: 'String',
  isValid: genericValid,
  sanitize(value) {
    return genericSanitize(value) || null;
  },
};

export const LowercaseString: FieldType = {
  name: 'LowercaseString',
  isValid(value) {
    return genericValid(value) && value === value.toLowerCase();
  },
  sanitize(value) {
    const text = textOf(value);
    if (text === null) return null;
    return pyStrip(text.toLowerCase()) || null;
  },
};

export const UppercaseString: FieldType = {
  name: 'UppercaseString',
  isValid(value) {
    return genericValid(value) && value === value.toUpperCase();
  },
  sanitize(value) {
    const text = textOf(value);
    if (text === null) return null;
    return pyStrip(text.toUpperCase()) || null;
  },
};

export const BooleanType: FieldType = {
  name: 'Boolean',
  isValid(value) {
    return typeof value === 'boolean';
  },
  sanitize(value) {
    if (typeof value === 'boolean') return value;
    const text = textOf(value);
    if (text !== null) {
      const s = pyStrip(text).toLowerCase();
      return s === 'true' ? true : s === 'false' ? false : null;
    }
    // Only Python ints: 1.0 (a float) is not accepted.
    if (typeof value === 'number') return value === 0 ? false : value === 1 ? true : null;
    if (typeof value === 'bigint') return value === 0n ? false : value === 1n ? true : null;
    return null;
  },
};
