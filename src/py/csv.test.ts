import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lineEndingOf, universalLines } from './csv/lines.ts';
import { readCsv, readCsvRecords } from './csv/reader.ts';
import { writeCsvRow } from './csv/writer.ts';

const read = (text: string, delimiter = ',') => [...readCsv(universalLines(text), { delimiter })];

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

test('reader over io.StringIO lines, with the line each record ended on', () => {
  const rows = readCsvRecords('a,"b ""q"" c",d"e\n\n"multi\nline",x"y"z\n"tail"after,');
  assert.deepEqual(rows.map((r) => r.cells), [['a', 'b "q" c', 'd"e'], [], ['multi\nline', 'x"y"z'], ['tailafter', '']]);
  assert.equal(rows[2]!.lastLine, 'line",x"y"z');
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
