import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { compilePyRegex, pySearch, PyRegexError } from './regex.ts';

test('translates Python regular expressions', () => {
  assert.equal(compilePyRegex('(?P<x>a+)(?P=x)').exec('aaaa')?.groups?.['x'], 'aa');
  assert.ok(compilePyRegex('abc$').test('abc\n'));
  assert.ok(!compilePyRegex('abc\\Z').test('abc\n'));
  assert.ok(compilePyRegex('(?i)^ABC').test('abc'));
  assert.ok(compilePyRegex('[]a]').test(']'));
  assert.throws(() => compilePyRegex('(unclosed'), PyRegexError);
});

test('re.search(...).group(0)', () => {
  assert.equal(pySearch(compilePyRegex('(?P<asn>[0-9]+)'), 'AS64496'), '64496');
  assert.equal(pySearch(compilePyRegex('[0-9]*'), 'AS1'), '');
  assert.equal(pySearch(compilePyRegex('(?i)^as(?P<n>\\d+)(?P=n)$'), 'AS11\n'), 'AS11');
  assert.equal(pySearch(compilePyRegex('x\\Z'), 'x\n'), null);
  assert.equal(pySearch(compilePyRegex('x'), 'y'), null);
  assert.throws(() => pySearch(compilePyRegex('x'), null), /string/);
});
