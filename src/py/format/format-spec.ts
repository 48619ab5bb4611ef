/**
 * Python's `format(value, spec)` and the `!s`/`!r`/`!a` conversions: the
 * format-spec mini-language for strings, integers and floats.
 */
import { pyFloatRepr, pyRepr } from '../../message/index.ts';
import { PyFloat } from '../../message/types/field-type.ts';
import { pyError } from '../errors.ts';
import { pyStr } from '../str.ts';

function pyAscii(value: unknown): string {
  return pyRepr(value).replace(/[^\x00-\x7f]/gu, (ch) => {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x100) return `\\x${cp.toString(16).padStart(2, '0')}`;
    if (cp < 0x10000) return `\\u${cp.toString(16).padStart(4, '0')}`;
    return `\\U${cp.toString(16).padStart(8, '0')}`;
  });
}

/** Applies a field's conversion; a PyFloat stays one when there is none, so its spec formats it as a float. */
export function convert(value: unknown, conversion: string | null): unknown {
  switch (conversion) {
    case null: return value;
    case 's': return pyStr(value instanceof PyFloat ? value.value : value, value instanceof PyFloat);
    case 'r': return value instanceof PyFloat ? pyFloatRepr(value.value) : pyRepr(value);
    case 'a': return pyAscii(value);
    default: throw pyError('ValueError', `Unknown conversion specifier ${conversion}`);
  }
}

const SPEC = /^(?:(.)?([<>=^]))?([-+ ])?(z)?(#)?(0)?(\d+)?([_,])?(?:\.(\d+))?([a-zA-Z%])?$/su;

interface Spec {
  fill: string;
  align: string | undefined;
  sign: string | undefined;
  alternate: boolean;
  zero: boolean;
  width: number;
  grouping: string | undefined;
  precision: number | undefined;
  type: string | undefined;
}

function parseSpec(text: string, typeName: string): Spec {
  const m = SPEC.exec(text);
  if (!m) throw pyError('ValueError', `Invalid format specifier '${text}' for object of type '${typeName}'`);
  return {
    fill: m[1] ?? (m[6] && !m[2] ? '0' : ' '),
    align: m[2] ?? (m[6] ? '=' : undefined),
    sign: m[3],
    alternate: !!m[5],
    zero: !!m[6],
    width: m[7] ? Number(m[7]) : 0,
    grouping: m[8],
    precision: m[9] !== undefined ? Number(m[9]) : undefined,
    type: m[10],
  };
}

function group(digits: string, sep: string | undefined, every = 3): string {
  if (!sep) return digits;
  const [intPart, frac] = digits.split('.') as [string, string | undefined];
  const grouped = intPart.replace(new RegExp(`\\B(?=(\\d{${every}})+(?!\\d))`, 'g'), sep);
  return frac === undefined ? grouped : `${grouped}.${frac}`;
}

function pad(body: string, signText: string, s: Spec, defaultAlign: string): string {
  const total = signText.length + body.length;
  if (total >= s.width) return signText + body;
  const fill = s.fill.repeat(s.width - total);
  switch (s.align ?? defaultAlign) {
    case '<': return signText + body + fill;
    case '^': {
      const left = fill.slice(0, Math.floor(fill.length / 2));
      return left + signText + body + fill.slice(left.length);
    }
    case '=': return signText + fill + body;
    default: return fill + signText + body;
  }
}

function signOf(negative: boolean, s: Spec): string {
  if (negative) return '-';
  return s.sign === '+' ? '+' : s.sign === ' ' ? ' ' : '';
}

function formatFloat(x: number, s: Spec): string {
  const type = s.type;
  if (type !== undefined && !'eEfFgGn%'.includes(type)) throw pyError('ValueError', `Unknown format code '${type}' for object of type 'float'`);
  const negative = x < 0 || Object.is(x, -0);
  const a = Math.abs(x);
  let body: string;
  if (!Number.isFinite(a)) {
    body = Number.isNaN(a) ? 'nan' : 'inf';
  } else if (type === 'f' || type === 'F' || type === '%') {
    body = (type === '%' ? a * 100 : a).toFixed(s.precision ?? 6) + (type === '%' ? '%' : '');
  } else if (type === 'e' || type === 'E') {
    body = a.toExponential(s.precision ?? 6).replace(/e([+-])(\d)$/, 'e$10$2');
  } else if (type === undefined && s.precision === undefined) {
    body = pyFloatRepr(a);
  } else {
    const p = Math.max(s.precision ?? 6, 1);
    const exp = a === 0 ? 0 : Math.floor(Math.log10(Number(a.toPrecision(p))));
    body = exp >= -4 && exp < p ? a.toFixed(Math.max(p - 1 - exp, 0)) : a.toExponential(p - 1).replace(/e([+-])(\d)$/, 'e$10$2');
    if (!s.alternate) body = body.replace(/(\.\d*?)0+(?=e|$)/, '$1').replace(/\.(?=e|$)/, '');
    if (type === undefined && !/[.e]/.test(body)) body += '.0';
  }
  if (type === 'E' || type === 'F' || type === 'G') body = body.toUpperCase();
  return pad(group(body, s.grouping), signOf(negative, s), s, '>');
}

function formatInt(n: number, s: Spec): string {
  const type = s.type ?? 'd';
  if ('eEfFgG%'.includes(type)) return formatFloat(n, s);
  if (s.precision !== undefined) throw pyError('ValueError', 'Precision not allowed in integer format specifier');
  if (type === 'c') return pad(String.fromCodePoint(n), '', s, '<');
  const a = Math.abs(n);
  const radix = { b: 2, o: 8, x: 16, X: 16, d: 10, n: 10 }[type];
  if (radix === undefined) throw pyError('ValueError', `Unknown format code '${type}' for object of type 'int'`);
  let body = a.toString(radix);
  if (type === 'X') body = body.toUpperCase();
  body = radix === 10 ? group(body, s.grouping) : group(body, s.grouping === '_' ? '_' : undefined, 4);
  const prefix = s.alternate && radix !== 10 ? `0${type === 'X' ? 'X' : type}` : '';
  return pad(body, signOf(n < 0, s) + prefix, s, '>');
}

function formatStr(value: string, s: Spec): string {
  if (s.type !== undefined && s.type !== 's') throw pyError('ValueError', `Unknown format code '${s.type}' for object of type 'str'`);
  if (s.sign) throw pyError('ValueError', 'Sign not allowed in string format specifier');
  if (s.alternate) throw pyError('ValueError', 'Alternate form (#) not allowed in string format specifier');
  if (s.grouping) throw pyError('ValueError', `Cannot specify '${s.grouping}' with 's'.`);
  if (s.align === '=') throw pyError('ValueError', "'=' alignment not allowed in string format specifier");
  const body = s.precision !== undefined ? [...value].slice(0, s.precision).join('') : value;
  return pad(body, '', s, '<');
}

/** `format(value, spec)`. */
export function formatValue(value: unknown, specText: string): string {
  if (value instanceof PyFloat) return specText ? formatFloat(value.value, parseSpec(specText, 'float')) : pyFloatRepr(value.value);
  if (!specText) return pyStr(value);
  if (typeof value === 'string') return formatStr(value, parseSpec(specText, 'str'));
  if (typeof value === 'boolean') return formatInt(Number(value), parseSpec(specText, 'bool'));
  if (typeof value === 'number') return Number.isInteger(value) ? formatInt(value, parseSpec(specText, 'int')) : formatFloat(value, parseSpec(specText, 'float'));
  throw pyError('TypeError', `unsupported format string passed to ${value === null || value === undefined ? 'NoneType' : Array.isArray(value) ? 'list' : 'dict'}.__format__`);
}
