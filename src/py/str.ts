import { pyFloatRepr, pyRepr } from '../message/index.ts';

/** Python `str(value)` for JSON-like values; `isFloat` marks a number Python holds as a float (`100.0`). */
export function pyStr(value: unknown, isFloat = false): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && isFloat && Number.isFinite(value)) return pyFloatRepr(value);
  return pyRepr(value);
}
