/** Field-type vectors: one harmonization type, one input, upstream's verdicts. */
import { isDeepStrictEqual } from 'node:util';
import { FIELD_TYPES } from '../message/types/index.ts';
import { PyFloat } from '../message/types/field-type.ts';
import type { HarmonizationVector } from './vector.ts';

const FLOAT_INPUT = /"input": (-?\d+(?:\.\d*)?(?:[eE][+-]?\d+)?)[,}]/;

/** JSON.parse loses `64500.0` vs `64500`; Python's types do not, so box such inputs. */
const PY_NONFINITE = /(?<=[:[,]\s*)(-?Infinity|NaN)(?=\s*[,}\]])/g;
const NONFINITE: Record<string, number> = { NaN: Number.NaN, Infinity: Number.POSITIVE_INFINITY, '-Infinity': Number.NEGATIVE_INFINITY };

/** Python's json writes NaN/Infinity literals, which JSON.parse rejects. */
function parsePythonJson(text: string): unknown {
  return JSON.parse(text.replace(PY_NONFINITE, '"\\u0000$1"'), (_k, v: unknown) =>
    typeof v === 'string' && v.startsWith('\u0000') && v.slice(1) in NONFINITE ? NONFINITE[v.slice(1)] : v,
  );
}

export function parseHarmonizationLine(line: string): HarmonizationVector {
  const v = parsePythonJson(line) as HarmonizationVector;
  const m = FLOAT_INPUT.exec(line);
  if (m && /[.eE]/.test(m[1]!) && typeof v.input === 'number') v.input = new PyFloat(v.input);
  return v;
}

function sameValue(a: unknown, b: unknown): boolean {
  const na = a instanceof PyFloat ? a.value : a;
  const nb = b instanceof PyFloat ? b.value : b;
  if (typeof na === 'number' && typeof nb === 'number') return na === nb || (Number.isNaN(na) && Number.isNaN(nb));
  return isDeepStrictEqual(na, nb);
}

/** Returns the list of problems; empty means the vector passed. */
export function checkHarmonizationVector(v: HarmonizationVector): string[] | 'unknown-type' {
  const type = FIELD_TYPES[v.type];
  if (!type) return 'unknown-type';
  const problems: string[] = [];
  let valid: boolean;
  let sanitized: unknown;
  try {
    valid = type.isValid(v.input);
    sanitized = type.sanitize(v.input);
  } catch (e) {
    return [`threw ${(e as Error).message}`];
  }
  if (valid !== v.is_valid) problems.push(`is_valid: expected ${v.is_valid}, got ${valid}`);
  const ok = sanitized !== null && sanitized !== undefined;
  if (ok !== v.is_valid_sanitized) problems.push(`is_valid_sanitized: expected ${v.is_valid_sanitized}, got ${ok}`);
  if (!sameValue(sanitized ?? null, v.sanitized)) problems.push(`sanitized: expected ${JSON.stringify(v.sanitized)}, got ${JSON.stringify(sanitized)}`);
  return problems;
}
