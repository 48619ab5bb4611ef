/**
 * Python `str.format(*args)` with string arguments, for `compose_fields`
 * templates such as `http://{0}{1}`: `{}`/`{n}` fields, `[i]` indexing,
 * `!s`/`!r`/`!a` conversions and the string format spec (fill, align, width,
 * precision). Whatever Python rejects throws here too, so the line fails.
 */
import { pyRepr } from '../../../message/index.ts';

function formatError(message: string): Error {
  const e = new Error(message);
  e.name = 'ValueError';
  return e;
}

const SPEC = /^(?:(.)?([<>^=]))?([-+ ])?(z)?(#)?(0)?(\d+)?([_,])?(?:\.(\d+))?([a-zA-Z%])?$/su;

function applySpec(value: string, spec: string): string {
  if (!spec) return value;
  const m = SPEC.exec(spec);
  if (!m) throw formatError('Invalid format specifier');
  const [, fillChar, alignChar, sign, , alt, zero, width, grouping, precision, type] = m;
  if (type !== undefined && type !== 's') throw formatError(`Unknown format code '${type}' for object of type 'str'`);
  if (sign) throw formatError('Sign not allowed in string format specifier');
  if (alt) throw formatError('Alternate form (#) not allowed in string format specifier');
  if (grouping) throw formatError(`Cannot specify '${grouping}' with 's'.`);
  if (alignChar === '=') throw formatError("'=' alignment not allowed in string format specifier");
  let chars = [...value];
  if (precision !== undefined) chars = chars.slice(0, Number(precision));
  const w = width === undefined ? 0 : Number(width);
  const fill = fillChar ?? (zero && !alignChar ? '0' : ' ');
  const pad = Math.max(0, w - chars.length);
  const text = chars.join('');
  switch (alignChar ?? '<') {
    case '>':
      return fill.repeat(pad) + text;
    case '^':
      return fill.repeat(Math.floor(pad / 2)) + text + fill.repeat(pad - Math.floor(pad / 2));
    default:
      return text + fill.repeat(pad);
  }
}

function pyAscii(value: string): string {
  return pyRepr(value).replace(/[^\x00-\x7f]/gu, (ch) => {
    const cp = ch.codePointAt(0)!;
    if (cp <= 0xff) return `\\x${cp.toString(16).padStart(2, '0')}`;
    if (cp <= 0xffff) return `\\u${cp.toString(16).padStart(4, '0')}`;
    return `\\U${cp.toString(16).padStart(8, '0')}`;
  });
}

function convert(value: string, conversion: string | undefined): string {
  switch (conversion) {
    case undefined:
    case 's':
      return value;
    case 'r':
      return pyRepr(value);
    case 'a':
      return pyAscii(value);
    default:
      throw formatError(`Unknown conversion specifier ${conversion}`);
  }
}

/** Resolves `0`, `` (auto), `0[2]`; names and attributes cannot resolve against positional strings. */
function resolveField(name: string, args: readonly string[], auto: { next: number; mode: 'none' | 'auto' | 'manual' }): string {
  const m = /^([^.[]*)(.*)$/su.exec(name)!;
  const [, head, rest] = m as unknown as [string, string, string];
  let index: number;
  if (head === '') {
    if (auto.mode === 'manual') throw formatError('cannot switch from manual field specification to automatic field numbering');
    auto.mode = 'auto';
    index = auto.next++;
  } else if (/^\d+$/u.test(head)) {
    if (auto.mode === 'auto') throw formatError('cannot switch from automatic field numbering to manual field specification');
    auto.mode = 'manual';
    index = Number(head);
  } else {
    const e = new Error(`'${head}'`);
    e.name = 'KeyError';
    throw e;
  }
  if (index >= args.length) {
    const e = new Error(`Replacement index ${index} out of range for positional args tuple`);
    e.name = 'IndexError';
    throw e;
  }
  let value = args[index]!;
  let tail = rest;
  while (tail) {
    const item = /^\[([^\]]+)\]/u.exec(tail);
    if (!item) {
      const e = new Error(`'str' object has no attribute '${tail.replace(/^\./u, '').split(/[.[]/u)[0]}'`);
      e.name = 'AttributeError';
      throw e;
    }
    if (!/^\d+$/u.test(item[1]!)) throw new TypeError('string indices must be integers, not \'str\'');
    const chars = [...value];
    const i = Number(item[1]);
    if (i >= chars.length) {
      const e = new Error('string index out of range');
      e.name = 'IndexError';
      throw e;
    }
    value = chars[i]!;
    tail = tail.slice(item[0].length);
  }
  return value;
}

export function pyFormat(template: string, args: readonly string[]): string {
  const auto = { next: 0, mode: 'none' as 'none' | 'auto' | 'manual' };
  let out = '';
  let i = 0;
  while (i < template.length) {
    const c = template[i]!;
    if (c === '}') {
      if (template[i + 1] !== '}') throw formatError("Single '}' encountered in format string");
      out += '}';
      i += 2;
      continue;
    }
    if (c !== '{') {
      out += c;
      i++;
      continue;
    }
    if (template[i + 1] === '{') {
      out += '{';
      i += 2;
      continue;
    }
    // Find the matching '}' allowing one level of nested fields inside the format spec.
    let depth = 1;
    let j = i + 1;
    while (j < template.length && depth > 0) {
      if (template[j] === '{') depth++;
      else if (template[j] === '}') depth--;
      if (depth > 0) j++;
    }
    if (depth > 0) throw formatError("expected '}' before end of string");
    const body = template.slice(i + 1, j);
    const fm = /^([^!:]*)(?:!([^:]*))?(?::(.*))?$/su.exec(body)!;
    const [, fieldName, conversion, rawSpec] = fm as unknown as [string, string, string | undefined, string | undefined];
    if (conversion !== undefined && conversion.length !== 1) throw formatError('expected \':\' after conversion specifier');
    const value = convert(resolveField(fieldName, args, auto), conversion);
    const spec = (rawSpec ?? '').replace(/\{([^{}]*)\}/gu, (_, inner: string) => resolveField(inner, args, auto));
    out += applySpec(value, spec);
    i = j + 1;
  }
  return out;
}
