/**
 * The modify expert's rule file: a JSON/YAML list of
 * `{rulename, if: {field: condition}, then: {field: value}}`. Conditions are
 * `""` (field absent), a string (regular expression searched in the value's
 * text) or any other JSON value (Python equality).
 */
import { existsSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { Event } from '../../../message/index.ts';
import { compilePyRegex } from '../../../py/regex.ts';
import { pyStr } from '../../../py/str.ts';
import { pyEquals } from '../sieve/py-values.ts';

export type Condition =
  | { readonly field: string; readonly kind: 'absent' }
  | { readonly field: string; readonly kind: 'regex'; readonly regex: RegExp }
  | { readonly field: string; readonly kind: 'equals'; readonly value: unknown };

export interface Rule {
  readonly name: string;
  readonly conditions: readonly Condition[];
  readonly actions: ReadonlyArray<readonly [field: string, value: unknown]>;
}

export class RuleFileError extends Error {
  override name = 'RuleFileError';
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads and compiles the rules; every problem is reported with the file and the rule's position. */
export function loadRules(path: string, caseSensitive: boolean): Rule[] {
  if (!existsSync(path)) throw new RuleFileError(`File not found: '${path}'.`);
  let config: unknown;
  try {
    config = parseYaml(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new RuleFileError(`Cannot parse rule file '${path}': ${(e as Error).message}`);
  }
  if (!Array.isArray(config)) {
    throw new RuleFileError(`Rule file '${path}' must contain a list of rules ({rulename, if, then}); dict-based files are the format of IntelMQ < 1.0.`);
  }
  return config.map((rule, i): Rule => {
    const where = `rule ${i + 1} of '${path}'`;
    if (!isMapping(rule) || !isMapping(rule['if']) || !isMapping(rule['then'])) {
      throw new RuleFileError(`${where} must be a mapping with 'if' and 'then' mappings.`);
    }
    const conditions = Object.entries(rule['if']).map(([field, expr]): Condition => {
      if (expr === '') return { field, kind: 'absent' };
      if (typeof expr !== 'string') return { field, kind: 'equals', value: expr };
      try {
        return { field, kind: 'regex', regex: compilePyRegex(expr, { ignoreCase: !caseSensitive }) };
      } catch (e) {
        throw new RuleFileError(`${where}, condition on '${field}': ${(e as Error).message}`);
      }
    });
    return { name: String(rule['rulename'] ?? `#${i + 1}`), conditions, actions: Object.entries(rule['then']) };
  });
}

/** The regex matches by field when all conditions hold, else null. */
export function matchRule(rule: Rule, event: Event): Map<string, RegExpExecArray> | null {
  const matches = new Map<string, RegExpExecArray>();
  for (const c of rule.conditions) {
    const present = event.has(c.field);
    if (c.kind === 'absent') {
      if (present) return null;
      continue;
    }
    if (!present) return null;
    const value = event.get(c.field);
    if (c.kind === 'equals') {
      if (!pyEquals(value, c.value)) return null;
      continue;
    }
    const text = pyStr(value, event.harmonization.event.get(c.field)?.type.isFloat);
    const m = c.regex.exec(text);
    if (!m) return null;
    matches.set(c.field, m);
  }
  return matches;
}
