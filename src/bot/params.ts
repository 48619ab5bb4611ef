/**
 * Parameter validation: the bot's TypeBox schema is compiled once with Ajv in
 * coercing mode (runtime.yaml and upstream tests give `"86400"` or `"false"`
 * as strings; `"false"` must never become true), defaults are filled in, and
 * the result is frozen. Unknown keys pass through: generic parameters and
 * site-specific keys share the same namespace, as upstream.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { TObject, TSchema } from '@sinclair/typebox';
import { ConfigurationError } from '../message/errors.ts';

const ajv = new Ajv({ coerceTypes: true, useDefaults: true, allErrors: true, strict: false });
const compiled = new WeakMap<TObject, ValidateFunction>();

export interface ParameterProblem {
  key: string;
  message: string;
}

function describe(err: ErrorObject): ParameterProblem {
  const path = err.instancePath.replace(/^\//, '').replace(/\//g, '.');
  if (err.keyword === 'required') {
    const missing = (err.params as { missingProperty: string }).missingProperty;
    return { key: path ? `${path}.${missing}` : missing, message: 'is required' };
  }
  if (err.keyword === 'enum') {
    const allowed = (err.params as { allowedValues: unknown[] }).allowedValues;
    return { key: path, message: `must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}` };
  }
  return { key: path, message: err.message ?? 'is invalid' };
}

function allowsNull(s: TSchema): boolean {
  return s.type === 'null' || (Array.isArray(s.type) && s.type.includes('null')) || (Array.isArray(s.anyOf) && (s.anyOf as TSchema[]).some(allowsNull));
}

/** Validates and coerces; returns the problems instead of throwing (used by configtest). */
export function checkParameters(schema: TObject, raw: Record<string, unknown>): { params: Record<string, unknown>; problems: ParameterProblem[] } {
  const validate = compiled.get(schema) ?? ajv.compile(schema);
  compiled.set(schema, validate);
  const params = structuredClone(raw);
  // Ajv's coercion turns null into "" in the string branch of `String | Null`; null is valid there, so put it back.
  const keepNull = Object.entries(schema.properties as Record<string, TSchema>)
    .filter(([k, s]) => allowsNull(s) && (params[k] === null || (!(k in params) && s.default === null)))
    .map(([k]) => k);
  const valid = validate(params);
  for (const k of keepNull) params[k] = null;
  if (valid) return { params, problems: [] };
  const seen = new Set<string>();
  const problems: ParameterProblem[] = [];
  for (const err of validate.errors ?? []) {
    // anyOf/oneOf report one error per branch; the branch summary is the useful one.
    if (err.keyword !== 'anyOf' && (validate.errors ?? []).some((e) => e.keyword === 'anyOf' && err.instancePath === e.instancePath)) continue;
    const p = describe(err);
    const id = `${p.key}:${p.message}`;
    if (!seen.has(id)) {
      seen.add(id);
      problems.push(p);
    }
  }
  return { params, problems };
}

/** Validates, coerces and freezes, or throws a ConfigurationError naming the bot and the key. */
export function resolveParameters(schema: TObject, raw: Record<string, unknown>, botId: string, file = 'runtime.yaml'): Readonly<Record<string, unknown>> {
  const { params, problems } = checkParameters(schema, raw);
  if (problems.length) {
    const text = problems.map((p) => `parameter '${p.key}' ${p.message}`).join('; ');
    throw new ConfigurationError(file, `bot '${botId}': ${text}.`);
  }
  return Object.freeze(params);
}
