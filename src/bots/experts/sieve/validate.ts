/**
 * Load-time checks against the harmonization, as upstream's model processors:
 * numeric comparisons only on numeric fields, string comparisons on IPAddress
 * fields only with valid addresses, `<<` only with valid networks.
 */
import type { Harmonization } from '../../../message/index.ts';
import type { Expression, Match, Operand, Pos, SieveProgram, Statement } from './ast.ts';
import { parseIpAddress } from './ip.ts';

export interface SieveProblem {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

const NUMERIC_TYPES = new Set(['Integer', 'Float', 'Accuracy', 'ASN']);

export function validateProgram(program: SieveProgram, harmonization: Harmonization): SieveProblem[] {
  const problems: SieveProblem[] = [];
  const report = (pos: Pos, message: string) => problems.push({ line: pos.line, column: pos.column, message });
  const fieldType = (name: string): string | undefined => harmonization.source.event[name]?.type;
  // Sub-keys of a JSONDict field (`extra.amplification`) hold any JSON value, numbers included.
  const isSubitem = (name: string): boolean => {
    const dot = name.indexOf('.');
    return dot > 0 && harmonization.event.get(name.slice(0, dot))?.type.hasSubitems === true && !harmonization.event.has(name);
  };

  const checkIpOperands = (name: string, operands: ReadonlyArray<Operand<string>>) => {
    if (fieldType(name) !== 'IPAddress') return;
    for (const o of operands) {
      if ('literal' in o && !parseIpAddress(o.literal)) report(o.pos, `Invalid IP address: ${o.literal}.`);
    }
  };
  const checkNumericKey = (name: string, pos: Pos) => {
    const type = fieldType(name);
    if (type === undefined) {
      if (!isSubitem(name)) report(pos, `Invalid key: ${name}.`);
    } else if (!NUMERIC_TYPES.has(type)) {
      report(pos, `Incompatible type: ${type}.`);
    }
  };

  const match = (m: Match): void => {
    if (m.kind === 'group') return expression(m.expr);
    // A key held in a variable is only known when the rule runs.
    if (!('name' in m.key)) return;
    const name = m.key.name;
    switch (m.kind) {
      case 'string':
        return checkIpOperands(name, [m.value]);
      case 'multistring':
        return checkIpOperands(name, m.values);
      case 'numeric':
        return checkNumericKey(name, m.value.pos);
      case 'multinumeric':
        return checkNumericKey(name, m.values[0]!.pos);
      case 'iprange':
        for (const r of m.ranges) if (!r.network) report(r.pos, `Invalid ip range: ${r.text}.`);
        return;
      default:
        return;
    }
  };
  const expression = (e: Expression): void => {
    for (const conj of e) for (const cond of conj) match(cond.match);
  };
  const statements = (list: readonly Statement[]): void => {
    for (const st of list) {
      if (st.kind !== 'branch') continue;
      for (const clause of st.clauses) {
        if (clause.expr) expression(clause.expr);
        statements(clause.body);
      }
    }
  };
  statements(program.statements);
  return problems.sort((a, b) => a.line - b.line || a.column - b.column);
}
