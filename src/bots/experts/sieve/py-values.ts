/**
 * Python's view of message values, where the rule languages depend on it:
 * `==` (numbers and booleans compare by value), ordering (TypeError
 * across types) and set membership (hashing).
 */

export function pyTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'string') return 'str';
  if (Array.isArray(value)) return 'list';
  return 'dict';
}

function isNumeric(v: unknown): v is number | boolean {
  return typeof v === 'number' || typeof v === 'boolean';
}

/** Python `a == b` for JSON-like values. */
export function pyEquals(a: unknown, b: unknown): boolean {
  if (isNumeric(a) && isNumeric(b)) return Number(a) === Number(b);
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => pyEquals(v, b[i]));
  }
  if (typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    const ob = b as Record<string, unknown>;
    if (ka.length !== Object.keys(ob).length) return false;
    return ka.every((k) => Object.hasOwn(ob, k) && pyEquals((a as Record<string, unknown>)[k], ob[k]));
  }
  return false;
}

export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

/** Python's comparison operators; ordering across unrelated types raises TypeError as in Python. */
export function pyCompare(lhs: unknown, op: CompareOp, rhs: unknown): boolean {
  if (op === '==') return pyEquals(lhs, rhs);
  if (op === '!=') return !pyEquals(lhs, rhs);
  let a: number | string;
  let b: number | string;
  if (isNumeric(lhs) && isNumeric(rhs)) {
    a = Number(lhs);
    b = Number(rhs);
  } else if (typeof lhs === 'string' && typeof rhs === 'string') {
    a = lhs;
    b = rhs;
  } else {
    throw new TypeError(`'${op}' not supported between instances of '${pyTypeName(lhs)}' and '${pyTypeName(rhs)}'`);
  }
  switch (op) {
    case '<': return a < b;
    case '<=': return a <= b;
    case '>': return a > b;
    default: return a >= b;
  }
}

/** Identity of a value inside a Python set: `1`, `1.0` and `True` are one element. */
export function pySetKey(value: unknown): string {
  if (isNumeric(value)) return `n:${Number(value) + 0}`;
  if (typeof value === 'string') return `s:${value}`;
  if (value === null || value === undefined) return 'None';
  throw new TypeError(`unhashable type: '${pyTypeName(value)}'`);
}
