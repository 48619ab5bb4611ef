/** The parsed form of a sieve file. Every node keeps its position for error messages and debug logs. */
import type { IpNetwork } from './ip.ts';

export interface Pos {
  readonly line: number;
  readonly column: number;
}

/** A literal of the language: `'string'`, `1`, `2.5`, `true`. */
export type Literal = string | number | boolean;

/** A value written in place, or a `$variable` looked up when the rule runs. */
export type Operand<T extends Literal = Literal> =
  | { readonly literal: T; readonly pos: Pos }
  | { readonly variable: string; readonly pos: Pos };

/** A field name, or a `$variable` holding one. */
export type Key = { readonly name: string; readonly pos: Pos } | { readonly variable: string; readonly pos: Pos };

export type StringOp = '==' | '!=' | ':contains' | '=~' | '!~';
export type MultiStringOp = ':in' | ':containsany' | ':regexin';
export type NumericOp = '==' | '!=' | '<=' | '>=' | '<' | '>';
export type ListOp = ':equals' | ':setequals' | ':overlaps' | ':subsetof' | ':supersetof';

/** A relative (`'1 week'`) or absolute (`'2023-06-01'`) time; unparsable text fails only when evaluated, as upstream. */
export type DateSpec = { readonly absolute: number } | { readonly minutesAgo: number } | { readonly error: string };

/** A network of `<<`; `network` is null when the text is not one (a load-time error). */
export interface IpRange {
  readonly text: string;
  readonly network: IpNetwork | null;
  readonly pos: Pos;
}

export type Match =
  | { readonly kind: 'exists'; readonly key: Key; readonly exists: boolean }
  | { readonly kind: 'string'; readonly key: Key; readonly op: StringOp; readonly value: Operand<string> }
  | { readonly kind: 'multistring'; readonly key: Key; readonly op: MultiStringOp; readonly values: ReadonlyArray<Operand<string>> }
  | { readonly kind: 'numeric'; readonly key: Key; readonly op: NumericOp; readonly value: Operand<number> }
  | { readonly kind: 'multinumeric'; readonly key: Key; readonly values: ReadonlyArray<Operand<number>> }
  | { readonly kind: 'iprange'; readonly key: Key; readonly ranges: readonly IpRange[] }
  | { readonly kind: 'date'; readonly key: Key; readonly before: boolean; readonly date: DateSpec }
  | { readonly kind: 'list'; readonly key: Key; readonly op: ListOp; readonly values: readonly Literal[] }
  | { readonly kind: 'bool'; readonly key: Key; readonly equal: boolean; readonly value: boolean }
  | { readonly kind: 'group'; readonly expr: Expression };

export interface Condition {
  readonly negate: boolean;
  readonly match: Match;
}

/** Disjunction of conjunctions: `a && b || c` is `[[a, b], [c]]`. */
export type Expression = ReadonlyArray<ReadonlyArray<Condition>>;

export type AssignOp = '=' | '+=' | '-=';

export type Action =
  | { readonly kind: 'drop'; readonly pos: Pos }
  | { readonly kind: 'keep'; readonly pos: Pos }
  | { readonly kind: 'path'; readonly paths: readonly string[]; readonly pos: Pos }
  | { readonly kind: 'add' | 'add!' | 'update'; readonly key: Key; readonly op: AssignOp; readonly value: Operand; readonly pos: Pos }
  | { readonly kind: 'remove'; readonly key: Key; readonly pos: Pos }
  | { readonly kind: 'append' | 'append!'; readonly key: Key; readonly value: Operand; readonly pos: Pos }
  | { readonly kind: 'setvar'; readonly variable: string; readonly key: Key; readonly pos: Pos };

export interface Clause {
  /** `null` for `else`. */
  readonly expr: Expression | null;
  readonly body: readonly Statement[];
  readonly pos: Pos;
}

export interface Branching {
  readonly kind: 'branch';
  readonly clauses: readonly Clause[];
  readonly pos: Pos;
}

export type Statement = Action | Branching;

export interface SieveProgram {
  readonly statements: readonly Statement[];
}
