import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runParser } from '../_testing/run-parser.ts';
import { bot } from './bot.ts';

const ENTRY = {
  'classification.type': 'infected-system',
  'classification.identifier': 'avalanche',
  'feed.name': 'shadowserver-drone',
  'malware.name': 'nymaim',
  'source.ip': '192.0.2.1',
  'source.port': 49152,
  'time.observation': '2020-08-16T23:00:03+00:00',
  'time.source': '2020-08-16T22:59:56+00:00',
};

test('keys are harmonization fields; the original feed name and observation time go to extra', async () => {
  const { events, dumps } = await runParser(bot, JSON.stringify({ data: [ENTRY] }), { 'feed.name': 'Proki' });
  assert.equal(dumps.length, 0);
  const e = events[0]!;
  assert.equal(e['feed.name'], 'Proki');
  assert.equal(e['extra.original_feed_name'], 'shadowserver-drone');
  assert.equal(e['extra.original_time_observation'], '2020-08-16T23:00:03+00:00');
  assert.equal(e['time.observation'], '2018-01-22T14:38:24+00:00');
  assert.equal(e['classification.type'], 'infected-system');
  assert.equal(e['source.port'], 49152);
});

test('a plain list works too; invalid entries are dumped', async () => {
  const { events, dumps } = await runParser(bot, JSON.stringify([ENTRY, { ...ENTRY, 'source.ip': 'x' }, { ...ENTRY, 'no.such.field': 1 }]));
  assert.equal(events.length, 1);
  assert.equal(dumps.length, 2);
});

test('raw keeps the entry as Python writes it; entries without a classification are undetermined', async () => {
  const text = '{"data": [{"source.ip": "192.0.2.9", "source.geolocation.latitude": 50.0, "time.source": "2020-08-16T22:59:56+00:00"}]}';
  const { events } = await runParser(bot, text);
  assert.equal(events[0]!['classification.type'], 'undetermined');
  assert.equal(Buffer.from(String(events[0]!['raw']), 'base64').toString(), '[{"source.ip": "192.0.2.9", "source.geolocation.latitude": 50.0, "time.source": "2020-08-16T22:59:56+00:00"}]');
});
