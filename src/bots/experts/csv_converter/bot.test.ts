import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createInMemoryBot } from '../../../conformance/harness.ts';
import { packagedHarmonization } from '../../../message/index.ts';
import { bot, csvRow } from './bot.ts';

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

test('quotes as Python csv (excel dialect)', () => {
  assert.equal(csvRow(['a', 'b,c', 'd"e', 'f\ng'], ','), 'a,"b,c","d""e","f\ng"');
  assert.equal(csvRow(['a;b', 'c,d'], ';'), '"a;b";c,d');
  assert.equal(csvRow([''], ','), '""');
});

test('fields in order into output (a JSON string), missing ones empty', async () => {
  const { out } = await run({ fieldnames: 'time.observation,source.ip,feed.accuracy,source.port' }, { 'time.observation': '2015-01-01T00:00:00+00:00', 'source.ip': '93.184.216.34', 'feed.accuracy': 100.0 });
  assert.equal(JSON.parse(out[0]!['output'] as string), '2015-01-01T00:00:00+00:00,93.184.216.34,100.0,');
});

test('custom delimiter; an existing output fails the message', async () => {
  const { out } = await run({ fieldnames: 'source.ip,source.port', delimiter: ';' }, { 'source.ip': '192.0.2.1', 'source.port': 80 });
  assert.equal(JSON.parse(out[0]!['output'] as string), '192.0.2.1;80');
  const clash = await run({}, { output: '"x"' });
  assert.equal(clash.out.length, 0);
  assert.equal(clash.dumps.length, 1);
});
