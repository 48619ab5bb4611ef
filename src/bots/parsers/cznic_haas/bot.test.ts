import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createInMemoryBot } from '../../../conformance/harness.ts';
import { packagedHarmonization, Report } from '../../../message/index.ts';
import { bot } from './bot.ts';

async function parse(raw: string, fields: Record<string, unknown> = {}, params: Record<string, unknown> = {}) {
  const r = new Report(packagedHarmonization(), fields);
  r.add('raw', raw);
  const b = await createInMemoryBot(bot, { params, paths: ['_default'], harmonization: packagedHarmonization() });
  try {
    const { output, dumps } = await b.run([r.serialize()]);
    return { events: output['_default']!.map((m) => JSON.parse(m) as Record<string, unknown>), dumps, logger: b.logger };
  } finally {
    await b.close();
  }
}

const text = (b64: unknown) => Buffer.from(String(b64), 'base64').toString();


test('brute force and compromise', async () => {
  const entries = [
    { time: '2020-07-23T13:27:05.123Z', time_closed: '2020-07-23T13:28:00.000Z', ip: '192.0.2.1', country: 'CZ', login_successful: false, commands: [] },
    { time: '2020-07-23T13:27:05Z', time_closed: '2020-07-23T13:28:00Z', ip: '192.0.2.2', country: null, login_successful: true, commands: ['ls'] },
    { time: '2020-07-23T13:27:05Z', ip: 'x', login_successful: true },
  ];
  const { events, dumps } = await parse(JSON.stringify(entries));
  assert.equal(events.length, 2);
  assert.equal(events[0]!['classification.type'], 'brute-force');
  assert.equal(events[0]!['extra.count'], 1);
  assert.equal(events[0]!['time.source'], '2020-07-23T13:27:05.123000+00:00');
  assert.deepEqual(events[0]!['extra.commands'], []);
  assert.equal(events[0]!['destination.port'], 22);
  assert.equal(events[1]!['classification.type'], 'system-compromise');
  assert.ok(!('source.geolocation.cc' in events[1]!));
  assert.equal(dumps.length, 1);
});
