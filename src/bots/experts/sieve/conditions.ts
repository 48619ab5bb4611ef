/**
 * Evaluation of sieve conditions against an event, with upstream's semantics:
 * Python comparisons and `str()`, missing keys false (but true for `!=`/`!~`),
 * an unparsable address in `<<` a warning and false.
 */
import type { BotLogger } from '../../../bot/declaration.ts';
import { pyJsonDumps, type Event, type Harmonization } from '../../../message/index.ts';
import type { Expression, Key, Match, Operand } from './ast.ts';
import { pyError } from '../../../py/errors.ts';
import { compilePyRegex, PyRegexError } from '../../../py/regex.ts';
import { networkContains, parseIpAddress } from './ip.ts';
import { pyStr } from '../../../py/str.ts';
import { pyCompare, pyEquals, pySetKey, pyTypeName } from './py-values.ts';
import { MICROS_PER_MINUTE, nowMicros, parseIsoTimestamp } from './time.ts';

/** The state of one event's run: variables live for one event only, the path list is set by `path`. */
export interface RunState {
  readonly event: Event;
  readonly vars: Map<string, unknown>;
  paths: readonly string[];
}

/** An error named like the Python exception upstream raises, so dumps read alike. */

function variableValue(name: string, st: RunState): unknown {
  if (!st.vars.has(name)) throw pyError('NameError', `Sieve variable ${name} used before definition.`);
  return st.vars.get(name);
}

export function operandValue(o: Operand, st: RunState): unknown {
  return 'literal' in o ? o.literal : variableValue(o.variable, st);
}

function expectType<T>(value: unknown, ok: (v: unknown) => v is T, expected: string): T {
  if (!ok(value)) throw pyError('ValueError', `Expected ${expected} variable, got ${pyTypeName(value)}.`);
  return value;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isNumber = (v: unknown): v is number | boolean => typeof v === 'number' || typeof v === 'boolean';

export function resolveKey(key: Key, st: RunState): string {
  return 'name' in key ? key.name : expectType(variableValue(key.variable, st), isString, 'str');
}

const MAX_CACHED_PATTERNS = 1000;
const patterns = new Map<string, RegExp | PyRegexError>();

/** Patterns compile on first use (a bad one fails only when evaluated, as upstream) and are cached. */
function pattern(source: string): RegExp {
  let re = patterns.get(source);
  if (re === undefined) {
    try {
      re = compilePyRegex(source);
    } catch (e) {
      re = e as PyRegexError;
    }
    if (patterns.size < MAX_CACHED_PATTERNS) patterns.set(source, re);
  }
  if (re instanceof PyRegexError) throw re;
  return re;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export class ConditionEvaluator {
  constructor(private readonly harmonization: Harmonization, private readonly logger: BotLogger) {}

  expression(expr: Expression, st: RunState): boolean {
    // Plain loops: this runs for every rule of every event.
    for (const conj of expr) {
      let all = true;
      for (const cond of conj) {
        if (cond.negate === this.match(cond.match, st)) {
          all = false;
          break;
        }
      }
      if (all) return true;
    }
    return false;
  }

  private isFloat(name: string): boolean {
    return this.harmonization.event.get(name)?.type.isFloat === true;
  }

  private match(m: Match, st: RunState): boolean {
    const event = st.event;
    switch (m.kind) {
      case 'group':
        return this.expression(m.expr, st);
      case 'exists':
        return event.has(resolveKey(m.key, st)) === m.exists;
      case 'string': {
        const name = resolveKey(m.key, st);
        const rhs = operandValue(m.value, st);
        if (!event.has(name)) return m.op === '!=' || m.op === '!~';
        return this.stringMatch(name, event.get(name), m.op, rhs);
      }
      case 'multistring': {
        const name = resolveKey(m.key, st);
        const values = m.values.map((o) => expectType(operandValue(o, st), isString, 'str'));
        if (!event.has(name)) return false;
        const lhs = event.get(name);
        if (m.op === ':in') return values.includes(lhs as string);
        if (typeof lhs !== 'string') {
          throw m.op === ':containsany'
            ? pyError('AttributeError', `'${pyTypeName(lhs)}' object has no attribute 'find'`)
            : pyError('TypeError', 'expected string or bytes-like object');
        }
        return m.op === ':containsany' ? values.some((v) => lhs.includes(v)) : values.some((v) => pattern(v).test(lhs));
      }
      case 'numeric': {
        const name = resolveKey(m.key, st);
        const rhs = expectType(operandValue(m.value, st), isNumber, '(int, float)');
        return event.has(name) && pyCompare(event.get(name), m.op, rhs);
      }
      case 'multinumeric': {
        const name = resolveKey(m.key, st);
        const values = m.values.map((o) => expectType(operandValue(o, st), isNumber, '(int, float)'));
        if (!event.has(name)) return false;
        const lhs = event.get(name);
        return values.some((v) => pyEquals(lhs, v));
      }
      case 'iprange': {
        const name = resolveKey(m.key, st);
        if (!event.has(name)) return false;
        const value = event.get(name);
        const addr = parseIpAddress(value);
        if (!addr) {
          this.logger.warning(`Could not parse IP address ${name}=${pyStr(value)} in ${event.serialize()}.`);
          return false;
        }
        return m.ranges.some((r) => r.network !== null && networkContains(r.network, addr));
      }
      case 'date':
        return this.dateMatch(m, st);
      case 'list': {
        const name = resolveKey(m.key, st);
        const lhs = event.get(name);
        if (!Array.isArray(lhs)) return false;
        if (m.op === ':equals') return pyEquals(lhs, m.values);
        const left = new Set(lhs.map(pySetKey));
        const right = new Set(m.values.map(pySetKey));
        switch (m.op) {
          case ':setequals': return left.size === right.size && [...left].every((k) => right.has(k));
          case ':overlaps': return [...left].some((k) => right.has(k));
          case ':subsetof': return [...left].every((k) => right.has(k));
          default: return [...right].every((k) => left.has(k));
        }
      }
      case 'bool': {
        const value = event.get(resolveKey(m.key, st));
        if (typeof value !== 'boolean') return false;
        return (value === m.value) === m.equal;
      }
    }
  }

  private stringMatch(name: string, lhs: unknown, op: string, rhs: unknown): boolean {
    if (typeof rhs !== 'string') {
      // A variable holding a number or boolean: equality in Python terms, anything else is a type error.
      if (op === '==') return pyEquals(lhs, rhs);
      if (op === '!=') return !pyEquals(lhs, rhs);
      throw pyError('ValueError', `Expected str variable, got ${pyTypeName(rhs)}.`);
    }
    if (op === '==') return lhs === rhs;
    if (op === '!=') return lhs !== rhs;
    // Non-strings are matched on their text: JSON for objects, Python's str() for the rest.
    const text = typeof lhs === 'string' ? lhs : isPlainObject(lhs) ? pyJsonDumps(lhs) : pyStr(lhs, this.isFloat(name));
    if (op === ':contains') return text.includes(rhs);
    const found = pattern(rhs).test(text);
    return op === '=~' ? found : !found;
  }

  private dateMatch(m: Extract<Match, { kind: 'date' }>, st: RunState): boolean {
    const name = resolveKey(m.key, st);
    const event = st.event;
    if (!event.has(name)) return false;
    const spec = m.date;
    if ('error' in spec) throw pyError('ValueError', spec.error);
    const base = 'absolute' in spec ? spec.absolute : nowMicros() - spec.minutesAgo * MICROS_PER_MINUTE;
    const value = event.get(name);
    if (typeof value !== 'string') throw pyError('TypeError', `fromisoformat: argument must be str, not ${pyTypeName(value)}`);
    const time = parseIsoTimestamp(value);
    if (time === null) {
      this.logger.warning(`Could not parse ${name}=${value} at ${event.serialize()}.`);
      return false;
    }
    return m.before ? time < base : time > base;
  }
}
