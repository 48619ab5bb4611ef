/**
 * Runs a parsed sieve program on one event: statements top-down, `keep` and
 * `drop` stop, actions change the event as upstream's (add only if absent,
 * add! overwrites, update only if present, append/append! on lists).
 */
import type { BotLogger } from '../../../bot/declaration.ts';
import type { Event, Harmonization } from '../../../message/index.ts';
import type { Action, AssignOp, Operand, SieveProgram, Statement } from './ast.ts';
import { pyError } from '../../../py/errors.ts';
import { ConditionEvaluator, operandValue, resolveKey, type RunState } from './conditions.ts';
import { pyTypeName } from './py-values.ts';
import { formatIsoUtc, MICROS_PER_MINUTE, parseIsoTimestamp, parseRelative } from './time.ts';

export type Procedure = 'continue' | 'keep' | 'drop';

export interface SieveOutcome {
  readonly procedure: Procedure;
  /** Where the event goes unless dropped. */
  readonly paths: readonly string[];
}

const DEFAULT_PATHS: readonly string[] = Object.freeze(['_default']);

export class SieveRuntime {
  private readonly conditions: ConditionEvaluator;

  constructor(private readonly program: SieveProgram, harmonization: Harmonization, private readonly logger: BotLogger) {
    this.conditions = new ConditionEvaluator(harmonization, logger);
  }

  run(event: Event): SieveOutcome {
    const st: RunState = { event, vars: new Map(), paths: DEFAULT_PATHS };
    const procedure = this.statements(this.program.statements, st);
    return { procedure, paths: st.paths };
  }

  private statements(list: readonly Statement[], st: RunState): Procedure {
    for (const statement of list) {
      const p = statement.kind === 'branch' ? this.branch(statement, st) : this.action(statement, st);
      if (p !== 'continue') return p;
    }
    return 'continue';
  }

  private branch(b: Extract<Statement, { kind: 'branch' }>, st: RunState): Procedure {
    for (const clause of b.clauses) {
      if (clause.expr === null || this.conditions.expression(clause.expr, st)) {
        this.logger.debug(`Matched event based on rule at (${clause.pos.line}, ${clause.pos.column}).`);
        return this.statements(clause.body, st);
      }
    }
    return 'continue';
  }

  /** `+=`/`-=`: shifts the event's timestamp by a relative time (`'1 hour'`). */
  private shiftedTime(name: string, op: AssignOp, value: Operand, st: RunState): string {
    const current = st.event.get(name);
    if (current === undefined) throw pyError('KeyError', `'${name}'`);
    const time = parseIsoTimestamp(current);
    if (time === null) throw pyError('ValueError', `Invalid isoformat string: '${String(current)}'`);
    const span = operandValue(value, st);
    if (typeof span !== 'string') throw pyError('TypeError', `relative time must be a string, not ${pyTypeName(span)}`);
    const delta = parseRelative(span) * MICROS_PER_MINUTE;
    return formatIsoUtc(op === '+=' ? time + delta : time - delta);
  }

  private newValue(a: Extract<Action, { kind: 'add' | 'add!' | 'update' }>, name: string, st: RunState): unknown {
    return a.op === '=' ? operandValue(a.value, st) : this.shiftedTime(name, a.op, a.value, st);
  }

  private action(a: Action, st: RunState): Procedure {
    const event = st.event;
    switch (a.kind) {
      case 'drop':
      case 'keep':
        this.logger.debug(`${a.kind === 'drop' ? 'Dropped event' : 'Stop processing'} based on statement at (${a.pos.line}, ${a.pos.column}).`);
        return a.kind;
      case 'path':
        st.paths = a.paths;
        break;
      case 'add': {
        const name = resolveKey(a.key, st);
        if (!event.has(name)) event.add(name, this.newValue(a, name, st));
        break;
      }
      case 'add!': {
        const name = resolveKey(a.key, st);
        event.add(name, this.newValue(a, name, st), { overwrite: true });
        break;
      }
      case 'update': {
        const name = resolveKey(a.key, st);
        if (event.has(name)) event.change(name, this.newValue(a, name, st));
        break;
      }
      case 'remove': {
        const name = resolveKey(a.key, st);
        if (event.has(name)) event.remove(name);
        break;
      }
      case 'append':
      case 'append!': {
        const name = resolveKey(a.key, st);
        const value = operandValue(a.value, st);
        if (!event.has(name)) {
          event.add(name, [value]);
        } else {
          const current = event.get(name);
          // The stored list is extended in place, as upstream's list.append.
          if (Array.isArray(current)) current.push(value);
          else if (a.kind === 'append!') event.add(name, [current, value], { overwrite: true });
        }
        break;
      }
      case 'setvar': {
        const name = resolveKey(a.key, st);
        if (!event.has(name)) throw pyError('KeyError', `${name} not present in event.`);
        st.vars.set(a.variable, event.get(name));
        break;
      }
    }
    return 'continue';
  }
}
