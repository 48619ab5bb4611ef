import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lineEndingOf, readCsv, universalLines, writeCsvRow } from './pycsv.ts';
import { pyFormat } from './pyformat.ts';
import { compilePythonRegex, pySearch } from './pyregex.ts';
import { stripComments } from './bot.ts';

const read = (text: string, delimiter = ',') => [...readCsv(universalLines(text), delimiter)];

// Expected values are what CPython's csv module gives for the same input.
test('reader: Python csv semantics', () => {
  assert.deepEqual(read('a,"b,c",d\r\n'), [['a', 'b,c', 'd']]);
  assert.deepEqual(read('"ab"c,d\n'), [['abc', 'd']]);
  assert.deepEqual(read('a"b,c\n'), [['a"b', 'c']]);
  assert.deepEqual(read(' "a",b\n'), [[' "a"', 'b']]);
  assert.deepEqual(read('x,"multi\nline",y\nz\n'), [['x', 'multi\nline', 'y'], ['z']]);
  assert.deepEqual(read('a,,b,\n\n,\n'), [['a', '', 'b', ''], [], ['', '']]);
  assert.deepEqual(read('"unterminated\n'), [['unterminated\n']]);
  assert.deepEqual(read('a\rb\r\nc'), [['a'], ['b'], ['c']]);
  assert.deepEqual(read('a\tb\t"c\td"\n', '\t'), [['a', 'b', 'c\td']]);
  assert.throws(() => read('a', ';;'), /1-character/);
});

test('writer: QUOTE_MINIMAL with the given line ending', () => {
  assert.equal(writeCsvRow(['a', 'b,c', 'say "hi"', 'x\ny'], '\n'), 'a,"b,c","say ""hi""","x\ny"\n');
  assert.equal(writeCsvRow([''], '\r\n'), '""\r\n');
  assert.equal(writeCsvRow(['', ''], '\r\n'), ',\r\n');
});

test('line ending of a text: the only one used, else \\r\\n', () => {
  assert.equal(lineEndingOf('a\nb\n'), '\n');
  assert.equal(lineEndingOf('a\r\nb'), '\r\n');
  assert.equal(lineEndingOf('a\rb'), '\r');
  assert.equal(lineEndingOf('a\nb\r\n'), '\r\n');
  assert.equal(lineEndingOf('a'), '\r\n');
});

test('comment stripping as upstream\'s multiline regexes', () => {
  assert.equal(stripComments('  # c\n\t#d\n   \n\t\t\n  a,b\n#x\nc\0,d\n'), 'a,b\nc,d\n');
  // Only \n starts a line for Python's (?m)^.
  assert.equal(stripComments('a\r#b\n'), 'a\r#b\n');
});

test('str.format for compose_fields', () => {
  assert.equal(pyFormat('http://{0}{1}', ['example.com', '/x']), 'http://example.com/x');
  assert.equal(pyFormat('{}-{}', ['a', 'b']), 'a-b');
  assert.equal(pyFormat('{{{0}}}', ['a']), '{a}');
  assert.equal(pyFormat('{0:>4}|{1:.2}|{0!r}', ['a', 'xyz']), "   a|xy|'a'");
  assert.throws(() => pyFormat('{2}', ['a']), /out of range/);
  assert.throws(() => pyFormat('{name}', ['a']), (e: Error) => e.name === 'KeyError');
  assert.throws(() => pyFormat('}', []), /Single/);
});

test('Python regex syntax for column_regex_search', () => {
  assert.equal(pySearch(compilePythonRegex('(?P<asn>[0-9]+)'), 'AS64496'), '64496');
  assert.equal(pySearch(compilePythonRegex('[0-9]*'), 'AS1'), '');
  assert.equal(pySearch(compilePythonRegex('(?i)^as(?P<n>\\d+)(?P=n)$'), 'AS11\n'), 'AS11');
  assert.equal(pySearch(compilePythonRegex('x\\Z'), 'x\n'), null);
  assert.equal(pySearch(compilePythonRegex('x'), 'y'), null);
  assert.throws(() => pySearch(compilePythonRegex('x'), null), /string/);
});
