import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createInMemoryBot } from '../../../conformance/harness.ts';
import { packagedHarmonization } from '../../../message/index.ts';
import { bot } from './bot.ts';

/** An output message as a dict, without the wire-only `__type`. */
function withoutType(wire: string): Record<string, unknown> {
  const { __type: _type, ...fields } = JSON.parse(wire) as Record<string, unknown>;
  return fields;
}

async function run(params: Record<string, unknown>, input: Record<string, unknown>) {
  const b = await createInMemoryBot(bot, { params, paths: ['_default'], harmonization: packagedHarmonization() });
  try {
    const { output, dumps } = await b.run([JSON.stringify({ ...input, __type: 'Event' })]);
    return { out: output['_default']!.map(withoutType), dumps };
  } finally {
    await b.close();
  }
}
import { pyReplace, pySplit, pyStrip } from './pystr.ts';

test('Python string helpers', () => {
  assert.equal(pyStrip('xx-a-xy', 'xy'), '-a-');
  assert.equal(pyStrip('  a \t'), 'a');
  assert.equal(pyStrip('..a..', '.', 'left'), 'a..');
  assert.equal(pyReplace('aaa', 'a', 'b', 2), 'bba');
  assert.equal(pyReplace('aaa', 'a', 'b', -1), 'bbb');
  assert.equal(pyReplace('ab', '', '-', -1), '-a-b-');
  assert.equal(pyReplace('ab', '', '-', 1), '-ab');
  assert.deepEqual(pySplit('a,,b', ','), ['a', '', 'b']);
  assert.deepEqual(pySplit('  a  b '), ['a', 'b']);
  assert.deepEqual(pySplit('a b c', null, 1), ['a', 'b c']);
  assert.throws(() => pySplit('a', ''), /empty separator/);
});

test('strip, replace (count) and split in one pass', async () => {
  const { out } = await run(
    { strip_columns: 'malware.name, extra.abuse', strip_chars: ' *', replace_column: 'feed.url', old_value: 'localhost', new_value: '127.0.0.1', replace_count: 1, split_column: 'extra.tags', split_separator: ';' },
    { 'malware.name': '* cryptowall *', 'extra.abuse': ' abuse@example.com', 'feed.url': 'http://localhost/localhost', 'extra.tags': 'a;b' },
  );
  assert.equal(out[0]!['malware.name'], 'cryptowall');
  assert.equal(out[0]!['extra.abuse'], 'abuse@example.com');
  assert.equal(out[0]!['feed.url'], 'http://127.0.0.1/localhost');
  assert.deepEqual(out[0]!['extra.tags'], ['a', 'b']);
});

test('a field stripped to nothing is removed; a non-string field fails the message', async () => {
  const empty = await run({ strip_columns: ['extra.x'] }, { 'extra.x': '   ', 'feed.name': 'f' });
  assert.equal(empty.out[0]!['extra.x'], undefined);
  const numeric = await run({ strip_columns: ['source.port'] }, { 'source.port': 80 });
  assert.equal(numeric.out.length, 0);
  assert.equal(numeric.dumps.length, 1);
});
