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
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const EVENT = { 'source.ip': '192.168.0.1', 'destination.ip': '192.0.43.8', 'feed.url': 'https://cert.at', 'source.port': 80, 'extra.flag': true };

test('filters, Python methods and Python rendering of values', async () => {
  const { out } = await run(
    {
      fields: {
        'extra.upper': "{{ msg['feed.url'] | upper }}",
        'extra.methods': "{{ msg['feed.url'].replace('t', 'T') }} {{ msg.get('missing', 'none') }} {{ ', '.join(msg.keys()) }}",
        'extra.values': "{{ msg['extra.flag'] }} {{ msg['source.port'] }} {{ None }} {{ msg['nope'] }}|",
        'extra.loop': "{% for k, v in msg.items() %}{% if k == 'source.ip' %}{{ v }}{% endif %}{% endfor %}",
      },
    },
    EVENT,
  );
  assert.equal(out[0]!['extra.upper'], 'HTTPS://CERT.AT');
  assert.equal(out[0]!['extra.methods'], 'hTTps://cerT.aT none source.ip, destination.ip, feed.url, source.port, extra.flag, extra.upper');
  assert.equal(out[0]!['extra.values'], 'True 80 None |');
  assert.equal(out[0]!['extra.loop'], '192.168.0.1');
});

test('templates from file:// with a trailing newline dropped; overwrite decides about existing fields', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'jinja-'));
  writeFileSync(join(dir, 't.j2'), "{%- set ip = msg['source.ip'] -%}\nip={{ ip }}\r\n");
  const kept = await run({ fields: { 'feed.url': 'x', 'extra.t': `file://${join(dir, 't.j2')}` } }, EVENT);
  assert.equal(kept.out[0]!['feed.url'], 'https://cert.at');
  assert.equal(kept.out[0]!['extra.t'], 'ip=192.168.0.1');
  const replaced = await run({ fields: { 'feed.url': 'http://example.com/' }, overwrite: true }, EVENT);
  assert.equal(replaced.out[0]!['feed.url'], 'http://example.com/');
});

test('unreadable template files and syntax errors fail at start; render errors fail the message', async () => {
  await assert.rejects(run({ fields: { 'extra.t': 'file:///nonexistent/t.j2' } }, EVENT), /does not exist or is not readable/);
  await assert.rejects(run({ fields: { 'extra.t': '{% if %}' } }, EVENT), /Error parsing Jinja Template for 'extra.t'/);
  const failed = await run({ fields: { 'extra.t': '{{ msg.nothing() }}' } }, EVENT);
  assert.equal(failed.out.length, 0);
  assert.equal(failed.dumps.length, 1);
});
