/**
 * Numeric types. JavaScript has one number type, so "was this a Python int or
 * float" is decided by `Number.isInteger` for plain numbers and by `PyFloat`
 * for integral floats whose `.0` the reader preserved.
 */
import { PyFloat, type FieldType } from './field-type.ts';
import { isPyInt, pyFloat, pyInt } from './py.ts';

const MAX_ASN = 4294967295;

export const Integer: FieldType = {
  name: 'Integer',
  // `bool` is a subclass of `int` in Python; upstream excludes it explicitly.
  isValid: isPyInt,
  sanitize: pyInt,
};

function isPyNumber(value: unknown): boolean {
  return typeof value === 'number' || typeof value === 'bigint' || value instanceof PyFloat;
}

export const Float: FieldType = {
  name: 'Float',
  isFloat: true,
  isValid: isPyNumber,
  sanitize: pyFloat,
};

export const Accuracy: FieldType = {
  name: 'Accuracy',
  isFloat: true,
  isValid(value) {
    // Upstream accepts booleans unsanitized (a quirk kept for compatibility).
    if (typeof value === 'boolean') return true;
    if (!isPyNumber(value)) return false;
    const n = Number(value);
    return n >= 0 && n <= 100;
  },
  sanitize(value) {
    if (typeof value === 'boolean') return value ? 100 : 0;
    const n = pyFloat(value);
    return n !== null && n >= 0 && n <= 100 ? n : null;
  },
};

export const ASN: FieldType = {
  name: 'ASN',
  isValid(value) {
    if (!isPyInt(value)) return false;
    const n = Number(value);
    return n > 0 && n <= MAX_ASN;
  },
  sanitize(value) {
    const n = pyInt(typeof value === 'string' && value.toLowerCase().startsWith('as') ? value.slice(2) : value);
    return n !== null && n > 0 && n <= MAX_ASN ? n : null;
  },
};
