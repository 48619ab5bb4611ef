/**
 * The parsing half of Python's `str.format`: literal text, `{{`/`}}` escapes and
 * replacement fields `{arg_name.attr[key]!conv:spec}`. Each caller decides how
 * its fields resolve and render.
 */
import { pyError } from '../errors.ts';

export interface Accessor {
  readonly kind: 'item' | 'attr';
  /** Digits in `[0]` give a number, as in Python. */
  readonly key: string | number;
}

export interface ReplacementField {
  /** The field name as written, e.g. `ev[source.ip]`. */
  readonly name: string;
  readonly arg: string;
  readonly accessors: readonly Accessor[];
  readonly conversion: string | null;
  /** The format spec, nested fields not yet expanded. */
  readonly spec: string;
}

/** `template` with each replacement field replaced by what `render` returns for its text between the braces. */
export function renderTemplate(template: string, render: (body: string) => string): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const ch = template[i]!;
    if (ch === '}') {
      if (template[i + 1] !== '}') throw pyError('ValueError', "Single '}' encountered in format string");
      out += '}';
      i += 2;
      continue;
    }
    if (ch !== '{') {
      out += ch;
      i++;
      continue;
    }
    if (template[i + 1] === '{') {
      out += '{';
      i += 2;
      continue;
    }
    const end = fieldEnd(template, i + 1);
    out += render(template.slice(i + 1, end));
    i = end + 1;
  }
  return out;
}

/** Index of the `}` closing a field that starts at `from`; keys in brackets may contain braces, specs may nest fields. */
function fieldEnd(template: string, from: number): number {
  let depth = 1;
  for (let j = from; j < template.length; j++) {
    if (template[j] === '[') {
      const close = template.indexOf(']', j);
      if (close > 0) j = close;
    } else if (template[j] === '{') depth++;
    else if (template[j] === '}' && --depth === 0) return j;
  }
  throw pyError('ValueError', "Single '{' encountered in format string");
}

/** `name!conv:spec` as Python's formatter parses it. */
export function parseField(body: string): ReplacementField {
  const { name, conversion, spec } = splitField(body);
  return { name, ...parseFieldName(name), conversion, spec };
}

/** Splits `name!conv:spec`; brackets in the name may contain `:` and `!`. */
function splitField(body: string): { name: string; conversion: string | null; spec: string } {
  let i = 0;
  while (i < body.length && body[i] !== '!' && body[i] !== ':') {
    if (body[i] === '[') {
      const close = body.indexOf(']', i);
      i = close < 0 ? body.length : close;
    }
    i++;
  }
  const name = body.slice(0, i);
  let conversion: string | null = null;
  if (body[i] === '!') {
    conversion = body[i + 1] ?? '';
    i += 2;
    if (body[i] !== undefined && body[i] !== ':') throw pyError('ValueError', 'expected \':\' after conversion specifier');
  }
  const spec = body[i] === ':' ? body.slice(i + 1) : '';
  return { name, conversion, spec };
}

function parseFieldName(field: string): { arg: string; accessors: Accessor[] } {
  const arg = /^[^.[]*/.exec(field)![0];
  const accessors: Accessor[] = [];
  let i = arg.length;
  while (i < field.length) {
    if (field[i] === '.') {
      const end = field.slice(i + 1).search(/[.[]/);
      const name = end < 0 ? field.slice(i + 1) : field.slice(i + 1, i + 1 + end);
      if (!name) throw pyError('ValueError', 'Empty attribute in format string');
      accessors.push({ kind: 'attr', key: name });
      i += 1 + name.length;
    } else if (field[i] === '[') {
      const close = field.indexOf(']', i);
      if (close < 0) throw pyError('ValueError', "Missing ']' in format string");
      const key = field.slice(i + 1, close);
      if (!key) throw pyError('ValueError', 'Empty attribute in format string');
      accessors.push({ kind: 'item', key: /^\d+$/.test(key) ? Number(key) : key });
      i = close + 1;
    } else {
      throw pyError('ValueError', 'Only \'.\' or \'[\' may follow \']\' in format field specifier');
    }
  }
  return { arg, accessors };
}
