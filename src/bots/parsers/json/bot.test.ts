import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createInMemoryBot } from '../../../conformance/harness.ts';
import { packagedHarmonization, pyJsonDumps } from '../../../message/index.ts';
import { bot } from './bot.ts';
import { pyJsonLoads } from './pyjson-loads.ts';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const unb64 = (s: unknown) => Buffer.from(String(s), 'base64').toString('utf8');

async function parse(params: Record<string, unknown>, text: string) {
  const report = pyJsonDumps({ 'feed.name': 'JSON feed', 'time.observation': '2016-10-10T00:00:00+00:00', raw: b64(text), __type: 'Report' });
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

test('one event per report: fields of the message win, raw is kept when given, else the text', async () => {
  const given = await parse({}, '{"feed.name": "Inner", "raw": "Zm9vYmFyCg==", "__type": "Event", "time.observation": "2015-01-01T00:00:00+00:00", "classification.type": "unknown"}');
  assert.equal(given.events.length, 1);
  assert.equal(given.events[0]!['feed.name'], 'Inner');
  assert.equal(given.events[0]!['time.observation'], '2015-01-01T00:00:00+00:00');
  assert.equal(given.events[0]!['classification.type'], 'undetermined');
  assert.equal(unb64(given.events[0]!['raw']), 'foobar\n');

  const text = '{"source.ip": "192.0.2.1"}\n';
  const plain = await parse({}, text);
  assert.equal(plain.events[0]!['feed.name'], 'JSON feed');
  assert.equal(plain.events[0]!['classification.type'], 'undetermined');
  assert.equal(unb64(plain.events[0]!['raw']), text);
});

test('splitlines: one event per line, raw is the line', async () => {
  const { events } = await parse({ splitlines: true }, '{"source.ip": "192.0.2.1", "classification.type": "c2-server"}\r\n{"source.ip": "192.0.2.2"}\n');
  assert.deepEqual(events.map((e) => e['source.ip']), ['192.0.2.1', '192.0.2.2']);
  assert.equal(events[0]!['classification.type'], 'c2-server');
  assert.equal(unb64(events[1]!['raw']), '{"source.ip": "192.0.2.2"}');
});

test('multiple_events: elements of a list, raw is the element as sorted Python JSON', async () => {
  const { events } = await parse({ multiple_events: true }, '[{"source.ip": "192.0.2.1", "source.geolocation.latitude": 52.0, "extra.city": "Zürich"}, {"source.ip": "192.0.2.2"}]');
  assert.equal(events.length, 2);
  assert.equal(events[0]!['source.geolocation.latitude'], 52);
  assert.equal(events[0]!['extra.city'], 'Zürich');
  assert.equal(unb64(events[0]!['raw']), '{"extra.city": "Z\\u00fcrich", "source.geolocation.latitude": 52.0, "source.ip": "192.0.2.1"}');
});

test('the first broken line ends the report: earlier events stay sent, the whole report is dumped', async () => {
  const text = '{"source.ip": "192.0.2.1"}\n\n{"source.ip": "192.0.2.3"}\n';
  const { events, dumps, logger } = await parse({ splitlines: true }, text);
  assert.deepEqual(events.map((e) => e['source.ip']), ['192.0.2.1']);
  assert.deepEqual(dumps, [text]);
  assert.equal(logger.count('ERROR'), 1);

  const invalid = await parse({ multiple_events: true }, '[{"source.ip": "192.0.2.1"}, {"source.port": "x"}, {"source.ip": "192.0.2.3"}]');
  assert.equal(invalid.events.length, 1);
  assert.equal(invalid.dumps.length, 1);
});

test('splitlines and multiple_events exclude each other', async () => {
  await assert.rejects(createInMemoryBot(bot, { params: { splitlines: true, multiple_events: true }, paths: ['_default'], harmonization: packagedHarmonization() }), /splitlines/);
  assert.equal(bot.check!({ splitlines: true, multiple_events: true }).length, 1);
});

test('json.loads: Python literals, exact big integers, boxed floats on request', () => {
  assert.deepEqual(pyJsonLoads('[NaN, -Infinity, 1, 1.5]'), [NaN, -Infinity, 1, 1.5]);
  assert.equal(pyJsonLoads('12345678901234567890'), 12345678901234567890n);
  assert.equal(pyJsonDumps(pyJsonLoads('{"a": 52.0, "b": [1.0, 2]}', { boxFloats: true })), '{"a": 52.0, "b": [1.0, 2]}');
  assert.equal(Object.keys(pyJsonLoads('{"__proto__": 1}') as object)[0], '__proto__');
  assert.throws(() => pyJsonLoads('{"a": 1} x'), /Extra data/);
  assert.throws(() => pyJsonLoads(''), /Expecting value/);
});
