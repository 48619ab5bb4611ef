/**
 * JSON and JSONDict: text fields holding JSON. Values that are not already
 * JSON text are serialised like Python's `json.dumps(value, sort_keys=True)`,
 * so stored strings are byte-identical to upstream's.
 */
import { pyJsonDumps } from '../pyjson.ts';
import { PyFloat, type FieldType } from './field-type.ts';
import { genericSanitize } from './generic.ts';
import { isBytes, pyTruthy } from './py.ts';

const INVALID: unique symbol = Symbol('invalid JSON');
const NON_FINITE = /NaN|Infinity/;

/** Python `json.loads(text)`, which unlike `JSON.parse` accepts `NaN`, `Infinity` and `-Infinity`. */
function pyJsonLoads(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    if (!NON_FINITE.test(text)) return INVALID;
    try {
      return JSON.parse(nonFiniteAsNull(text));
    } catch {
      return INVALID;
    }
  }
}

/** Replace the non-finite literals outside strings by `null`, which parses in the same positions. */
function nonFiniteAsNull(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (text.startsWith('-Infinity', i)) {
      out += 'null';
      i += 9;
    } else if (text.startsWith('Infinity', i)) {
      out += 'null';
      i += 8;
    } else if (text.startsWith('NaN', i)) {
      out += 'null';
      i += 3;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Whether `json.dumps` accepts the value (no bytes, no class instances, no cycles). */
function isSerializable(value: unknown, seen: Set<object> = new Set()): boolean {
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'bigint':
    case 'undefined':
      return true;
    case 'object': {
      if (value === null || value instanceof PyFloat) return true;
      if (!Array.isArray(value) && !isPlainObject(value)) return false;
      if (seen.has(value)) return false;
      seen.add(value);
      const ok = Object.values(value).every((v) => isSerializable(v, seen));
      seen.delete(value);
      return ok;
    }
    default:
      return false;
  }
}

function dumps(value: unknown): string | null {
  return isSerializable(value) ? pyJsonDumps(value, { sortKeys: true }) : null;
}

function isJsonText(value: unknown): value is string {
  return typeof value === 'string' && pyJsonLoads(value) !== INVALID;
}

function isJsonDictText(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const parsed = pyJsonLoads(value);
  return isPlainObject(parsed) && Object.keys(parsed).length > 0;
}

export const JSONType: FieldType = {
  name: 'JSON',
  isValid: isJsonText,
  sanitize(value) {
    if (value === null || value === undefined) return null;
    if (typeof value === 'string' || isBytes(value)) {
      const s = genericSanitize(value);
      if (isJsonText(s)) return s;
    }
    // An unparsable string becomes a JSON string literal, which is valid JSON.
    return dumps(value);
  },
};

export const JSONDict: FieldType = {
  name: 'JSONDict',
  hasSubitems: true,
  isValid: isJsonDictText,
  sanitize(value) {
    if (!pyTruthy(value)) return null;
    if (typeof value === 'string' || isBytes(value)) {
      const s = genericSanitize(value);
      return isJsonDictText(s) ? s : null;
    }
    // Only a non-empty mapping dumps to a valid JSONDict; anything else dumps to a non-object.
    return isPlainObject(value) ? dumps(value) : null;
  },
};
