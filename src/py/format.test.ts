import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { PyFloat } from '../message/types/field-type.ts';
import { pyFormatKeyed } from './format/keyed.ts';
import { pyFormatPositional } from './format/positional.ts';
import { pyFormat } from './format/str-format.ts';
import type { Accessor } from './format/template.ts';

const values: Record<string, unknown> = { s: 'abc', i: 42, n: -7, f: new PyFloat(100), g: 1234.5678, b: true, none: null, l: [1, 'x'] };
const lookup = (arg: string, accessors: readonly Accessor[]) => {
  const key = String(accessors[0]?.key);
  if (arg !== 'v' || !(key in values)) throw Object.assign(new Error(`'${key}'`), { name: 'KeyError' });
  return values[key];
};
const f = (t: string) => pyFormat(t, lookup);

describe('pyFormat (Python str.format)', () => {
  it('plain fields, escaped braces and conversions', () => {
    assert.equal(f('{v[s]}-{v[i]}-{v[f]}-{v[b]}-{v[none]}-{v[l]}'), "abc-42-100.0-True-None-[1, 'x']");
    assert.equal(f('{{x}} {v[s]!r} {v[s]!s}'), "{x} 'abc' abc");
  });
  it('string specs: fill, align, width, precision', () => {
    assert.equal(f('[{v[s]:>6}][{v[s]:*<6}][{v[s]:^7}][{v[s]:.2}]'), '[   abc][abc***][  abc  ][ab]');
  });
  it('integer specs: width, zero padding, sign, grouping, bases', () => {
    assert.equal(f('{v[i]:05d}|{v[n]:05d}|{v[i]:+d}|{v[i]:x}|{v[i]:#b}|{v[i]:,}'), '00042|-0007|+42|2a|0b101010|42');
    assert.equal(f('{v[i]:.1f}'), '42.0');
  });
  it('float specs: fixed, exponent, general, percent', () => {
    assert.equal(f('{v[g]:.2f}|{v[g]:.3e}|{v[g]:g}|{v[f]:.0%}|{v[g]:,.1f}'), '1234.57|1.235e+03|1234.57|10000%|1,234.6');
  });
  it('errors as Python raises them', () => {
    assert.throws(() => f('{v[missing]}'), { name: 'KeyError' });
    assert.throws(() => f('{v[s]'), /Single '\{'/);
    assert.throws(() => f('}'), /Single '\}'/);
    assert.throws(() => f('{v[s]:d}'), /Unknown format code 'd'/);
    assert.throws(() => f('{v[none]:>3}'), { name: 'TypeError' });
  });
});

describe('pyFormatKeyed (IntelMQ parameter templates)', () => {
  it('keys are literal, braces escape, errors name the problem', () => {
    const r = pyFormatKeyed('{{x}} {ev[source.ip]}-{ev[a}b]}', (name, key) => `${name}:${key}`);
    assert.equal(r, '{x} ev:source.ip-ev:a}b');
    assert.throws(() => pyFormatKeyed('{ev[a]b]}', () => ''), /Unsupported replacement field/);
    assert.throws(() => pyFormatKeyed('{open', () => ''), /Single '\{'/);
    assert.throws(() => pyFormatKeyed('close}', () => ''), /Single '\}'/);
  });
});

describe('pyFormatPositional (compose_fields)', () => {
  it('str.format with positional strings', () => {
    assert.equal(pyFormatPositional('http://{0}{1}', ['example.com', '/x']), 'http://example.com/x');
    assert.equal(pyFormatPositional('{}-{}', ['a', 'b']), 'a-b');
    assert.equal(pyFormatPositional('{{{0}}}', ['a']), '{a}');
    assert.equal(pyFormatPositional('{0:>4}|{1:.2}|{0!r}', ['a', 'xyz']), "   a|xy|'a'");
    assert.throws(() => pyFormatPositional('{2}', ['a']), /out of range/);
    assert.throws(() => pyFormatPositional('{name}', ['a']), (e: Error) => e.name === 'KeyError');
    assert.throws(() => pyFormatPositional('}', []), /Single/);
  });
});
