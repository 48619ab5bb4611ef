import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeRaw, runParser } from '../_testing/run-parser.ts';
import { bot } from './bot.ts';

const ENTRIES = [
  { time: '2020-07-23T13:27:05.123Z', time_closed: '2020-07-23T13:28:00.000Z', ip: '192.0.2.1', country: 'CZ', login_successful: false, commands: [] },
  { time: '2020-07-23T13:27:05Z', time_closed: '2020-07-23T13:28:00Z', ip: '192.0.2.2', country: null, login_successful: true, commands: ['ls', 'uname -a'] },
];

test('failed logins are brute force, successful ones compromises', async () => {
  const { events, dumps } = await runParser(bot, JSON.stringify(ENTRIES));
  assert.equal(dumps.length, 0);
  const [brute, login] = events as Array<Record<string, unknown>>;
  assert.equal(brute!['classification.type'], 'brute-force');
  assert.equal(brute!['extra.count'], 1);
  assert.equal(brute!['time.source'], '2020-07-23T13:27:05.123000+00:00');
  assert.equal(brute!['source.geolocation.cc'], 'CZ');
  assert.deepEqual(brute!['extra.commands'], []);
  assert.equal(brute!['extra.time_closed'], '2020-07-23T13:28:00.000Z');
  assert.equal(brute!['destination.port'], 22);
  assert.equal(brute!['protocol.application'], 'ssh');
  assert.equal(decodeRaw(brute!['raw']), JSON.stringify([ENTRIES[0]]).replace(/":/g, '": ').replace(/,"/g, ', "'));
  assert.equal(login!['classification.type'], 'system-compromise');
  assert.deepEqual(login!['extra.commands'], ['ls', 'uname -a']);
  assert.ok(!('source.geolocation.cc' in login!));
});

test('an entry with an invalid address is dumped, the others go on', async () => {
  const { events, dumps } = await runParser(bot, JSON.stringify([...ENTRIES, { ...ENTRIES[0], ip: 'x' }]));
  assert.equal(events.length, 2);
  assert.equal(dumps.length, 1);
});
