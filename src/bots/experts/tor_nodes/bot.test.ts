import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInMemoryBot } from '../../../conformance/harness.ts';
import { packagedHarmonization } from '../../../message/index.ts';
import { bot, updateTorNodes } from './bot.ts';

const dir = mkdtempSync(join(tmpdir(), 'tor-'));
const file = join(dir, 'tor_nodes.dat');
writeFileSync(file, '# exit nodes\n192.0.2.1\r\n\n 2001:db8::1 \n');

/** An output message as a dict, without the wire-only `__type`. */
function withoutType(wire: string): Record<string, unknown> {
  const { __type: _type, ...fields } = JSON.parse(wire) as Record<string, unknown>;
  return fields;
}

async function run(params: Record<string, unknown>, input: Record<string, unknown>) {
  const b = await createInMemoryBot(bot, { params: { database: file, ...params }, paths: ['_default'], harmonization: packagedHarmonization() });
  try {
    const { output, dumps } = await b.run([JSON.stringify({ ...input, __type: 'Event' })]);
    return { out: output['_default']!.map(withoutType), dumps };
  } finally {
    await b.close();
  }
}

test('marks listed addresses on both sides', async () => {
  const { out } = await run({}, { 'source.ip': '192.0.2.1', 'destination.ip': '2001:db8::1' });
  assert.equal(out[0]!['source.tor_node'], true);
  assert.equal(out[0]!['destination.tor_node'], true);
  const other = await run({}, { 'source.ip': '192.0.2.2' });
  assert.equal(other.out[0]!['source.tor_node'], undefined);
});

test('an existing tor_node is changed only with overwrite', async () => {
  const kept = await run({}, { 'source.ip': '192.0.2.1', 'source.tor_node': false });
  assert.equal(kept.out[0]!['source.tor_node'], false);
  const changed = await run({ overwrite: true }, { 'source.ip': '192.0.2.1', 'source.tor_node': false });
  assert.equal(changed.out[0]!['source.tor_node'], true);
});

test('a missing list fails at start; the update keeps only the exit addresses', async () => {
  await assert.rejects(run({ database: join(dir, 'missing') }, {}), /failed on open/);
  const target = join(dir, 'new', 'tor.dat');
  const page = 'ExitNode ABC\nPublished 2024-01-01\nExitAddress 198.51.100.7 2024-01-01 00:00:00\nExitNode DEF\nExitAddress 203.0.113.9 2024-01-01 00:00:00\n';
  await updateTorNodes([target], { fetch: async () => new Response(page) });
  assert.equal(readFileSync(target, 'utf8'), '198.51.100.7\n203.0.113.9');
});
