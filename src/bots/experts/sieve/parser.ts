/**
 * Recursive-descent parser of the sieve language, with PEG semantics (ordered
 * choice, backtracking) so that a file means what it means to upstream's textX
 * grammar. A syntax error reports the furthest position any alternative
 * reached and every token that would have been accepted there.
 */
import type {
  Action, AssignOp, Clause, Condition, DateSpec, Expression, IpRange, Key, ListOp, Literal, Match, MultiStringOp, NumericOp, Operand, Pos, SieveProgram, Statement, StringOp,
} from './ast.ts';
import { parseIpNetwork } from './ip.ts';
import { parseIso8601, parseRelative } from './time.ts';

export class SieveSyntaxError extends Error {
  override name = 'SieveSyntaxError';
  constructor(readonly line: number, readonly column: number, message: string) {
    super(message);
  }
}

const SKIP = /(?:\s+|(?:#|\/\/)[^\n]*)*/y;
const STRING = /"(?:\\"|[^"])*"|'(?:\\'|[^'])*'/y;
const STRICTFLOAT = /[-+]?(?:(?:\d+\.\d*|\.\d+)(?:[eE][-+]?\d+)?|\d+[eE][-+]?\d+)(?<=[\w.])(?![\w.])/y;
const INT = /[-+]?\d+\b/y;
const BOOL = /(?<![\w-])(?:True|true|False|false|0|1)(?![\w-])/y;
const KEY = /[a-z0-9_.]+/y;
const VARIABLE = /\$[A-Za-z0-9_]+/y;

const STRING_OPS: readonly StringOp[] = ['==', '!=', ':contains', '=~', '!~'];
const MULTI_STRING_OPS: readonly MultiStringOp[] = [':in', ':containsany', ':regexin'];
const NUMERIC_OPS: readonly NumericOp[] = ['==', '!=', '<=', '>=', '<', '>'];
const LIST_OPS: readonly ListOp[] = [':equals', ':setequals', ':overlaps', ':subsetof', ':supersetof'];
const ASSIGN_OPS: readonly AssignOp[] = ['+=', '-=', '='];

function unquote(raw: string): string {
  return raw.slice(1, -1).replaceAll('\\"', '"').replaceAll("\\'", "'");
}

/** Relative and absolute times are told apart once, at load; a bad one fails when a rule evaluates it. */
function dateSpec(text: string): DateSpec {
  const absolute = parseIso8601(text);
  if (absolute !== null) return { absolute };
  try {
    return { minutesAgo: parseRelative(text) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

class Parser {
  private pos = 0;
  private failPos = -1;
  private expected: string[] = [];
  private readonly lineStarts: number[] = [0];

  constructor(private readonly src: string) {
    for (let i = 0; i < src.length; i++) if (src.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  program(): SieveProgram {
    const statements = this.statements();
    this.skip();
    if (this.pos < this.src.length) {
      this.expect('EOF');
      throw this.syntaxError();
    }
    return { statements };
  }

  posOf(offset: number): Pos {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.lineStarts[lo]! + 1 };
  }

  private here(): Pos {
    this.skip();
    return this.posOf(this.pos);
  }

  private syntaxError(): SieveSyntaxError {
    const at = this.posOf(this.failPos);
    const before = this.src.slice(Math.max(0, this.failPos - 15), this.failPos);
    const after = this.src.slice(this.failPos, this.failPos + 15);
    const context = `${before}*${after}`.replace(/\r?\n/g, '\\n');
    return new SieveSyntaxError(at.line, at.column, `Expected ${this.expected.join(' or ')} at position (${at.line}, ${at.column}) => '${context}'.`);
  }

  private skip(): void {
    SKIP.lastIndex = this.pos;
    SKIP.exec(this.src);
    this.pos = SKIP.lastIndex;
  }

  private expect(name: string): void {
    if (this.pos > this.failPos) {
      this.failPos = this.pos;
      this.expected = [name];
    } else if (this.pos === this.failPos && !this.expected.includes(name)) {
      this.expected.push(name);
    }
  }

  /** A literal token; words must not run on into a longer word (`keep` is not `keeper`). */
  private lit(s: string): boolean {
    this.skip();
    if (this.src.startsWith(s, this.pos)) {
      const next = this.src.charCodeAt(this.pos + s.length);
      const wordEnd = /\w$/.test(s) && ((next >= 48 && next <= 57) || (next >= 65 && next <= 90) || (next >= 97 && next <= 122) || next === 95);
      if (!wordEnd) {
        this.pos += s.length;
        return true;
      }
    }
    this.expect(`'${s}'`);
    return false;
  }

  private oneOf<T extends string>(options: readonly T[]): T | null {
    for (const o of options) if (this.lit(o)) return o;
    return null;
  }

  private token(re: RegExp, name: string): string | null {
    this.skip();
    re.lastIndex = this.pos;
    const m = re.exec(this.src);
    if (m) {
      this.pos = re.lastIndex;
      return m[0];
    }
    this.expect(name);
    return null;
  }

  /** Runs one alternative; on failure the position is restored for the next. */
  private attempt<T>(fn: () => T | null): T | null {
    const save = this.pos;
    const r = fn();
    if (r === null) this.pos = save;
    return r;
  }

  private required<T>(v: T | null): T {
    if (v === null) throw this.syntaxError();
    return v;
  }

  /** `[ item (, item)* ]`; `allowEmpty` for list values. */
  private list<T>(item: () => T | null, allowEmpty = false): T[] | null {
    if (!this.lit('[')) return null;
    const out: T[] = [];
    const first = this.attempt(item);
    if (first === null) return allowEmpty && this.lit(']') ? out : null;
    out.push(first);
    while (this.lit(',')) {
      const next = this.attempt(item);
      if (next === null) return null;
      out.push(next);
    }
    return this.lit(']') ? out : null;
  }

  private statements(): Statement[] {
    const out: Statement[] = [];
    for (;;) {
      const st = this.attempt(() => this.action() ?? this.branching());
      if (st === null) return out;
      out.push(st);
    }
  }

  private block(): Statement[] {
    if (!this.lit('{')) throw this.syntaxError();
    const body = this.statements();
    if (!this.lit('}')) throw this.syntaxError();
    return body;
  }

  private branching(): Statement | null {
    const pos = this.here();
    if (!this.lit('if')) return null;
    const clauses: Clause[] = [{ expr: this.required(this.expression()), body: this.block(), pos }];
    for (;;) {
      const at = this.here();
      if (!this.lit('elif')) break;
      clauses.push({ expr: this.required(this.expression()), body: this.block(), pos: at });
    }
    const at = this.here();
    if (this.lit('else')) clauses.push({ expr: null, body: this.block(), pos: at });
    return { kind: 'branch', clauses, pos };
  }

  private expression(): Expression | null {
    const first = this.conjunction();
    if (first === null) return null;
    const out = [first];
    while (this.lit('||')) out.push(this.required(this.conjunction()));
    return out;
  }

  private conjunction(): Condition[] | null {
    const first = this.condition();
    if (first === null) return null;
    const out = [first];
    while (this.lit('&&')) out.push(this.required(this.condition()));
    return out;
  }

  private condition(): Condition | null {
    const negate = this.attempt(() => (this.lit('!') ? true : null)) ?? false;
    const match = this.attempt(() => this.existMatch()) ?? this.attempt(() => this.keyMatch()) ?? this.attempt(() => this.group());
    return match === null ? null : { negate, match };
  }

  private group(): Match | null {
    if (!this.lit('(')) return null;
    const expr = this.expression();
    return expr !== null && this.lit(')') ? { kind: 'group', expr } : null;
  }

  private existMatch(): Match | null {
    const op = this.oneOf([':exists', ':notexists'] as const);
    if (op === null) return null;
    const key = this.key();
    return key === null ? null : { kind: 'exists', key, exists: op === ':exists' };
  }

  /** Matches that start with a key, tried in the grammar's order. */
  private keyMatch(): Match | null {
    const key = this.key();
    if (key === null) return null;
    const alternatives: Array<() => Match | null> = [
      () => {
        const op = this.oneOf(STRING_OPS);
        const value = op && this.stringOperand();
        return op && value ? { kind: 'string', key, op, value } : null;
      },
      () => {
        const op = this.oneOf(MULTI_STRING_OPS);
        const values = op && this.list(() => this.stringOperand());
        return op && values ? { kind: 'multistring', key, op, values } : null;
      },
      () => {
        const op = this.oneOf(NUMERIC_OPS);
        const value = op && this.numberOperand();
        return op && value ? { kind: 'numeric', key, op, value } : null;
      },
      () => {
        const values = this.lit(':in') ? this.list(() => this.numberOperand()) : null;
        return values ? { kind: 'multinumeric', key, values } : null;
      },
      () => {
        if (!this.lit('<<')) return null;
        const one = this.attempt(() => this.ipRange());
        const ranges = one ? [one] : this.list(() => this.ipRange());
        return ranges ? { kind: 'iprange', key, ranges } : null;
      },
      () => {
        const op = this.oneOf([':before', ':after'] as const);
        const text = op && this.token(STRING, 'STRING');
        return op && text !== null ? { kind: 'date', key, before: op === ':before', date: dateSpec(unquote(text)) } : null;
      },
      () => {
        const op = this.oneOf(LIST_OPS);
        const values = op && this.list(() => this.literal(), true);
        return op && values ? { kind: 'list', key, op, values } : null;
      },
      () => {
        const op = this.oneOf(['==', '!='] as const);
        const value = op && this.token(BOOL, 'BOOL');
        return op && value !== null ? { kind: 'bool', key, equal: op === '==', value: value === 'true' || value === 'True' || value === '1' } : null;
      },
    ];
    for (const alt of alternatives) {
      const m = this.attempt(alt);
      if (m !== null) return m;
    }
    return null;
  }

  private ipRange(): IpRange | null {
    const pos = this.here();
    const raw = this.token(STRING, 'STRING');
    if (raw === null) return null;
    const text = unquote(raw);
    return { text, network: parseIpNetwork(text), pos };
  }

  private key(): Key | null {
    const pos = this.here();
    const variable = this.token(VARIABLE, 'VARIABLE');
    if (variable !== null) return { variable, pos };
    const name = this.token(KEY, 'KEY');
    return name === null ? null : { name, pos };
  }

  private variable(pos: Pos): Operand<never> | null {
    const v = this.token(VARIABLE, 'VARIABLE');
    return v === null ? null : { variable: v, pos };
  }

  private stringOperand(): Operand<string> | null {
    const pos = this.here();
    const raw = this.token(STRING, 'STRING');
    return raw !== null ? { literal: unquote(raw), pos } : this.variable(pos);
  }

  private number(): number | null {
    const n = this.token(STRICTFLOAT, 'STRICTFLOAT') ?? this.token(INT, 'INT');
    return n === null ? null : Number(n);
  }

  private numberOperand(): Operand<number> | null {
    const pos = this.here();
    const n = this.number();
    return n !== null ? { literal: n, pos } : this.variable(pos);
  }

  /** Typed values: float, int, bool or string, in that order (`1` is an int, not `True`). */
  private literal(): Literal | null {
    const n = this.number();
    if (n !== null) return n;
    const b = this.token(BOOL, 'BOOL');
    if (b !== null) return b === 'true' || b === 'True' || b === '1';
    const s = this.token(STRING, 'STRING');
    return s === null ? null : unquote(s);
  }

  private operand(): Operand | null {
    const pos = this.here();
    const v = this.literal();
    return v !== null ? { literal: v, pos } : this.variable(pos);
  }

  private action(): Action | null {
    const pos = this.here();
    if (this.lit('drop')) return { kind: 'drop', pos };
    if (this.lit('keep')) return { kind: 'keep', pos };
    if (this.lit('path')) {
      const one = this.attempt(() => this.token(STRING, 'STRING'));
      const paths = one !== null ? [one] : this.list(() => this.token(STRING, 'STRING'));
      return { kind: 'path', paths: this.required(paths).map(unquote), pos };
    }
    for (const kind of ['add!', 'add', 'update'] as const) {
      const a = this.attempt(() => {
        if (!this.lit(kind)) return null;
        const key = this.key();
        const op = key && this.oneOf(ASSIGN_OPS);
        const value = op && this.operand();
        return key && op && value ? { kind, key, op, value, pos } : null;
      });
      if (a) return a;
    }
    if (this.lit('remove')) return { kind: 'remove', key: this.required(this.key()), pos };
    for (const kind of ['append!', 'append'] as const) {
      const a = this.attempt(() => {
        if (!this.lit(kind)) return null;
        const key = this.key();
        const value = key && this.operand();
        return key && value ? { kind, key, value, pos } : null;
      });
      if (a) return a;
    }
    return this.attempt(() => {
      const variable = this.token(VARIABLE, 'VARIABLE');
      const key = variable !== null && this.lit('=') ? this.key() : null;
      return variable !== null && key ? { kind: 'setvar', variable, key, pos } : null;
    });
  }
}

/** Parses a sieve file's text; throws SieveSyntaxError with the line and column of the first error. */
export function parseSieve(text: string): SieveProgram {
  return new Parser(text).program();
}
