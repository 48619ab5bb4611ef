import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createInMemoryBot } from '../../../conformance/harness.ts';
import { packagedHarmonization, Report } from '../../../message/index.ts';
import { bot } from './bot.ts';

async function parse(raw: string) {
  const r = new Report(packagedHarmonization(), { 'feed.name': 'AlienVault' });
  r.add('raw', raw);
  const b = await createInMemoryBot(bot, { params: {}, paths: ['_default'], harmonization: packagedHarmonization() });
  try {
    const { output, dumps } = await b.run([r.serialize()]);
    return { events: output['_default']!.map((m) => JSON.parse(m) as Record<string, unknown>), dumps };
  } finally {
    await b.close();
  }
}

test('one event per category, unknown categories undetermined', async () => {
  const { events, dumps } = await parse('192.0.2.1#4#2#Malicious Host;Spamming#DE##0,1#3\n192.0.2.2#3#2#Whatever#GB#London#2,3#11');
  assert.equal(dumps.length, 0);
  assert.deepEqual(events.map((e) => e['classification.type']), ['infected-system', 'spam', 'undetermined']);
  assert.equal(events[0]!['source.geolocation.latitude'], 0);
  assert.equal(events[2]!['source.geolocation.city'], 'London');
  assert.equal(Buffer.from(String(events[2]!['raw']), 'base64').toString(), '192.0.2.2#3#2#Whatever#GB#London#2,3#11');
});

test('a line without coordinates is dumped, the rest goes on', async () => {
  const { events, dumps } = await parse('192.0.2.1#4#2#Scanning Host#DE###3\n192.0.2.2#3#2#Scanning Host#GB#London#2,3#11');
  assert.equal(events.length, 1);
  assert.equal(events[0]!['classification.type'], 'scanner');
  assert.equal(dumps.length, 1);
});
