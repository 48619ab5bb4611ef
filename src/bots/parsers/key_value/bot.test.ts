import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createInMemoryBot } from '../../../conformance/harness.ts';
import { packagedHarmonization, pyJsonDumps } from '../../../message/index.ts';
import { bot } from './bot.ts';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const unb64 = (s: unknown) => Buffer.from(String(s), 'base64').toString('utf8');
const KEYS = { srcip: 'source.ip', type: 'classification.type' };

async function parse(params: Record<string, unknown>, text: string) {
  const report = pyJsonDumps({ 'feed.name': 'KV', 'time.observation': '2020-09-11T10:40:18+02:00', raw: b64(text), __type: 'Report' });
  const b = await createInMemoryBot(bot, { params, paths: ['_default'], harmonization: packagedHarmonization() });
  try {
    const { output, dumps } = await b.run([report]);
    return {
      events: output['_default']!.map((m) => JSON.parse(m) as Record<string, unknown>),
      dumps: dumps.map((d) => unb64((JSON.parse(d.message) as { raw: string }).raw)),
      logger: b.logger,
    };
  } finally {
    await b.close();
  }
}

test('mapped keys become fields; other tokens and unmapped keys are ignored; raw is the line', async () => {
  const { events } = await parse({ keys: KEYS }, 'header srcip=192.0.2.1 dstip=192.0.2.2 type=test trailer\nsrcip=192.0.2.3\n');
  assert.equal(events.length, 2);
  assert.equal(events[0]!['source.ip'], '192.0.2.1');
  assert.equal(events[0]!['classification.type'], 'test');
  assert.ok(!('destination.ip' in events[0]!));
  assert.equal(events[0]!['time.observation'], '2020-09-11T08:40:18+00:00');
  assert.equal(unb64(events[0]!['raw']), 'header srcip=192.0.2.1 dstip=192.0.2.2 type=test trailer');
});

test('separators and quotes', async () => {
  const alt = await parse({ keys: KEYS, pair_separator: '|', kv_separator: ':' }, 'srcip:192.0.2.1|type:test');
  assert.equal(alt.events[0]!['source.ip'], '192.0.2.1');
  const quoted = await parse({ keys: { ...KEYS, comment: 'comment' } }, 'srcip="192.0.2.1" comment="hi"');
  assert.equal(quoted.events[0]!['source.ip'], '192.0.2.1');
  assert.equal(quoted.events[0]!['comment'], 'hi');
  const kept = await parse({ keys: { comment: 'comment' }, strip_quotes: false }, 'comment="hi"');
  assert.equal(kept.events[0]!['comment'], '"hi"');
  // The last separator of a pair splits key and value.
  const last = await parse({ keys: { 'url=x': 'comment' } }, 'url=x=y');
  assert.equal(last.events[0]!['comment'], 'y');
});

test('time.source: UNIX seconds, other text fuzzily, unreadable values only warn', async () => {
  const keys = { ...KEYS, ts: 'time.source' };
  const epoch = await parse({ keys }, 'srcip=192.0.2.1 ts=1234567890');
  assert.equal(epoch.events[0]!['time.source'], '2009-02-13T23:31:30+00:00');
  const iso = await parse({ keys: KEYS, timestamp_key: 'ts' }, 'srcip=192.0.2.1 ts="2009-02-14T00:31:30+01:00"');
  assert.equal(iso.events[0]!['time.source'], '2009-02-13T23:31:30+00:00');
  const bad = await parse({ keys }, 'srcip=192.0.2.1 ts=never');
  assert.ok(!('time.source' in bad.events[0]!));
  assert.equal(bad.logger.count('WARNING'), 1);
});

test('a line that maps one field twice is dumped; the next lines go on', async () => {
  const { events, dumps } = await parse({ keys: KEYS }, 'srcip=192.0.2.1 srcip=192.0.2.9\nsrcip=192.0.2.2\n');
  assert.deepEqual(events.map((e) => e['source.ip']), ['192.0.2.2']);
  assert.deepEqual(dumps, ['srcip=192.0.2.1 srcip=192.0.2.9']);
});

test('keys are required', async () => {
  await assert.rejects(createInMemoryBot(bot, { params: {}, paths: ['_default'], harmonization: packagedHarmonization() }), /No keys/);
  assert.equal(bot.check!({ keys: {}, pair_separator: ' ', kv_separator: '=', strip_quotes: true, timestamp_key: null }).length, 1);
});
