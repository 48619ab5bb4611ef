/**
 * Python's `json.loads`: like JSON.parse, plus the `NaN`/`Infinity`/`-Infinity`
 * literals Python accepts, integers beyond 2^53 kept exact (BigInt), and,
 * on request, floats boxed as PyFloat so that re-serialising gives `52.0`
 * back instead of `52` (the JSON parser puts `json.dumps(item)` into `raw`).
 */
import { PyFloat } from '../../../message/types/field-type.ts';

export class JSONDecodeError extends Error {
  override name = 'JSONDecodeError';
  constructor(msg: string, readonly pos: number) {
    super(`${msg}: char ${pos}`);
  }
}

export interface LoadsOptions {
  /** Keep floats distinguishable from integers (`PyFloat`). */
  boxFloats?: boolean;
}

const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/y;
const WS = /[ \t\n\r]*/y;

export function pyJsonLoads(text: string, opts: LoadsOptions = {}): unknown {
  let pos = 0;
  const skip = () => {
    WS.lastIndex = pos;
    WS.exec(text);
    pos = WS.lastIndex;
  };
  const fail = (msg: string): never => {
    throw new JSONDecodeError(msg, pos);
  };

  const parseString = (): string => {
    let out = '';
    pos++;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (Number.isNaN(c)) fail('Unterminated string starting at');
      if (c === 0x22) {
        pos++;
        return out;
      }
      if (c < 0x20) fail('Invalid control character at');
      if (c !== 0x5c) {
        out += text[pos++];
        continue;
      }
      const e = text[pos + 1];
      const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
      if (e !== undefined && e in simple) {
        out += simple[e];
        pos += 2;
      } else if (e === 'u' && /^[0-9a-fA-F]{4}$/u.test(text.slice(pos + 2, pos + 6))) {
        out += String.fromCharCode(parseInt(text.slice(pos + 2, pos + 6), 16));
        pos += 6;
      } else {
        fail('Invalid \\escape');
      }
    }
  };

  const parseNumber = (): unknown => {
    NUMBER.lastIndex = pos;
    const m = NUMBER.exec(text);
    if (!m) return fail('Expecting value');
    pos = NUMBER.lastIndex;
    if (m[1] === undefined && m[2] === undefined) {
      const n = Number(m[0]);
      return Number.isSafeInteger(n) ? n : BigInt(m[0]);
    }
    const f = Number(m[0]);
    return opts.boxFloats ? new PyFloat(f) : f;
  };

  const literal = (word: string, value: unknown): unknown => {
    if (!text.startsWith(word, pos)) return fail('Expecting value');
    pos += word.length;
    return word === 'NaN' || word.endsWith('Infinity') ? (opts.boxFloats ? new PyFloat(value as number) : value) : value;
  };

  const parseValue = (): unknown => {
    skip();
    switch (text[pos]) {
      case '"':
        return parseString();
      case '{': {
        pos++;
        const obj: Record<string, unknown> = {};
        skip();
        if (text[pos] === '}') {
          pos++;
          return obj;
        }
        for (;;) {
          skip();
          if (text[pos] !== '"') fail('Expecting property name enclosed in double quotes');
          const key = parseString();
          skip();
          if (text[pos] !== ':') fail("Expecting ':' delimiter");
          pos++;
          // defineProperty: a `__proto__` key must stay an ordinary member.
          Object.defineProperty(obj, key, { value: parseValue(), enumerable: true, writable: true, configurable: true });
          skip();
          if (text[pos] === ',') {
            pos++;
            continue;
          }
          if (text[pos] === '}') {
            pos++;
            return obj;
          }
          fail("Expecting ',' delimiter");
        }
      }
      case '[': {
        pos++;
        const arr: unknown[] = [];
        skip();
        if (text[pos] === ']') {
          pos++;
          return arr;
        }
        for (;;) {
          arr.push(parseValue());
          skip();
          if (text[pos] === ',') {
            pos++;
            continue;
          }
          if (text[pos] === ']') {
            pos++;
            return arr;
          }
          fail("Expecting ',' delimiter");
        }
      }
      case 't':
        return literal('true', true);
      case 'f':
        return literal('false', false);
      case 'n':
        return literal('null', null);
      case 'N':
        return literal('NaN', NaN);
      case 'I':
        return literal('Infinity', Infinity);
      case '-':
        if (text.startsWith('-Infinity', pos)) return literal('-Infinity', -Infinity);
        return parseNumber();
      default:
        return parseNumber();
    }
  };

  const value = parseValue();
  skip();
  if (pos < text.length) fail('Extra data');
  return value;
}

/** Plain JavaScript values for building messages: PyFloat unboxed, BigInt as the nearest number. */
export function unboxed(value: unknown): unknown {
  if (value instanceof PyFloat) return value.value;
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(unboxed);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) Object.defineProperty(out, k, { value: unboxed(v), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return value;
}
