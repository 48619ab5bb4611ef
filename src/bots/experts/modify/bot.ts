import { join } from 'node:path';
import { Type } from '@sinclair/typebox';
import { defineExpert, type Diagnostic } from '../../../bot/declaration.ts';
import type { Event } from '../../../message/index.ts';
import { PyFloat } from '../../../message/types/field-type.ts';
import { pyError } from '../../../py/errors.ts';
import { pyTypeName } from '../sieve/py-values.ts';
import { pyFormat } from '../../../py/format/str-format.ts';
import type { Accessor } from '../../../py/format/template.ts';
import { loadRules, matchRule } from './rules.ts';

/** Item access on a looked-up value (`{msg[extra.list][0]}`); attributes are not Python objects here. */
function dig(value: unknown, accessors: readonly Accessor[]): unknown {
  let v = value;
  for (const a of accessors) {
    if (a.kind === 'attr') throw pyError('AttributeError', `'${pyTypeName(v)}' object has no attribute '${a.key}'`);
    if ((Array.isArray(v) || typeof v === 'string') && typeof a.key === 'number') {
      if (a.key >= v.length) throw pyError('IndexError', `${Array.isArray(v) ? 'list' : 'string'} index out of range`);
      v = v[a.key];
    } else if (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.hasOwn(v, String(a.key))) {
      v = (v as Record<string, unknown>)[String(a.key)];
    } else {
      throw pyError(typeof v === 'object' && v !== null && !Array.isArray(v) ? 'KeyError' : 'TypeError', `'${String(a.key)}'`);
    }
  }
  return v;
}

/** The `msg` and `matches` arguments of upstream's `value.format(msg=event, matches=…)`. */
function lookup(event: Event, matches: Map<string, RegExpExecArray>) {
  return (arg: string, accessors: readonly Accessor[]): unknown => {
    const [first, second, ...rest] = accessors;
    if (arg === 'msg') {
      if (!first) return event.toDict();
      if (first.kind === 'attr') throw pyError('AttributeError', `'Event' object has no attribute '${first.key}'`);
      const key = String(first.key);
      if (!event.has(key)) throw pyError('KeyError', `'${key}'`);
      const value = event.get(key);
      const boxed = typeof value === 'number' && event.harmonization.event.get(key)?.type.isFloat ? new PyFloat(value) : value;
      return dig(boxed, accessors.slice(1));
    }
    if (arg === 'matches') {
      if (!first) throw pyError('TypeError', 'matches is a mapping of fields to regular expression matches');
      const m = matches.get(String(first.key));
      if (first.kind === 'attr' || !m) throw pyError(first.kind === 'attr' ? 'AttributeError' : 'KeyError', `'${first.key}'`);
      if (!second) throw pyError('TypeError', 'a match needs a group: {matches[field][n]}');
      if (second.kind === 'attr') throw pyError('AttributeError', `'MatchGroupMapping' object has no attribute '${second.key}'`);
      const g = second.key;
      const known = typeof g === 'number' ? g < m.length : !!m.groups && Object.hasOwn(m.groups, g);
      if (!known) throw pyError('IndexError', 'no such group');
      // A group that did not take part in the match is None.
      return dig((typeof g === 'number' ? m[g] : m.groups![g]) ?? null, rest);
    }
    if (arg === '' || /^\d+$/.test(arg)) throw pyError('IndexError', `Replacement index ${arg || 0} out of range for positional args tuple`);
    throw pyError('KeyError', `'${arg}'`);
  };
}

export const bot = defineExpert({
  module: 'intelmq.bots.experts.modify.expert',
  name: 'Modify',
  description: 'Applies a rule file: when all conditions of a rule hold (regular expressions or values), sets fields to values that may use {msg[field]} and {matches[field][n]}.',
  parameters: Type.Object({
    configuration_path: Type.Union([Type.String(), Type.Null()], { default: null, description: 'Rule file, a JSON or YAML list (null: <var state>/modify/modify.conf).' }),
    case_sensitive: Type.Boolean({ default: true, description: 'Whether the regular expressions of the conditions are case-sensitive.' }),
    maximum_matches: Type.Union([Type.Integer(), Type.Null()], { default: null, description: 'Stop after this many matching rules (null or 0: apply all).' }),
    overwrite: Type.Boolean({ default: true, description: 'Whether actions replace values already in the event.' }),
  }),
  check(params) {
    if (!params.configuration_path) return [];
    try {
      loadRules(params.configuration_path, params.case_sensitive);
      return [];
    } catch (e) {
      return [{ level: 'error', message: (e as Error).message } satisfies Diagnostic];
    }
  },
  create(ctx) {
    const p = ctx.params;
    const rules = loadRules(p.configuration_path ?? join(ctx.paths.varStatePath, 'modify', 'modify.conf'), p.case_sensitive);
    const overwrite = p.overwrite;
    return {
      process(event, emit) {
        let applied = 0;
        for (const rule of rules) {
          const matches = matchRule(rule, event);
          if (!matches) continue;
          applied++;
          ctx.logger.debug(`Apply rule ${rule.name}.`);
          const args = lookup(event, matches);
          for (const [field, template] of rule.actions) {
            let value = template;
            if (typeof template === 'string') {
              try {
                value = pyFormat(template, args);
              } catch (e) {
                // Upstream catches AttributeError to pass non-strings through; a template hitting one stays verbatim.
                if ((e as Error).name !== 'AttributeError') throw e;
              }
            }
            event.add(field, value, { overwrite });
          }
          if (p.maximum_matches && applied >= p.maximum_matches) break;
        }
        emit(event);
      },
    };
  },
});
