import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { createInMemoryBot } from '../../../conformance/harness.ts';
import { Event, packagedHarmonization } from '../../../message/index.ts';
import { bot } from './bot.ts';
import { localIsoNow, parseLocalIso, parseRelative } from './relative.ts';

const DB = 14;
const harmonization = packagedHarmonization();

test('relative timespans in minutes, as upstream', () => {
  assert.equal(parseRelative('1 hour'), 60);
  assert.equal(parseRelative(' 2 days '), 2880);
  assert.throws(() => parseRelative('5 minutes'), /Could not process/);
  const now = new Date(2024, 0, 2, 3, 4, 5, 678);
  assert.equal(localIsoNow(now), '2024-01-02T03:04:05.678000');
  assert.equal(parseLocalIso(localIsoNow(now)), now.getTime());
  assert.equal(parseLocalIso('2024-01-02T03:04:05'), new Date(2024, 0, 2, 3, 4, 5).getTime());
});

test('aggregates equal events, emits ripe aggregates above the threshold and drops small ones', async () => {
  const marker = `aggregate-test-${randomUUID()}`;
  const redis = new Redis({ db: DB });
  const ripe = `aggregate.${marker}-ripe`;
  const small = `aggregate.${marker}-small`;
  const fresh = `aggregate.${marker}-fresh`;
  const twoHoursAgo = localIsoNow(new Date(Date.now() - 2 * 3600_000));
  const first = JSON.stringify({ 'classification.type': 'scanner', comment: marker, 'source.ip': '192.0.2.1', 'time.observation': '2024-01-01T00:00:00+00:00' });
  await redis.hset(ripe, { d: first, s: twoHoursAgo, f: '2024-01-01T00:00:00+00:00', l: '2024-01-01T00:59:00+00:00', c: '25' });
  await redis.hset(small, { d: first, s: twoHoursAgo, f: 'x', l: 'y', c: '2' });
  await redis.hset(fresh, { d: first, s: localIsoNow(), f: 'x', l: 'y', c: '99' });
  const event = { 'classification.type': 'scanner', comment: marker, 'time.observation': '2024-02-01T00:00:00+00:00' };
  const key = `aggregate.${new Event(harmonization, event).hash(['comment'], 'whitelist')}`;
  const b = await createInMemoryBot(bot, { params: { redis_cache_db: DB, fields: 'comment', threshold: 10 }, paths: ['_default'], harmonization });
  try {
    const { output } = await b.run([JSON.stringify({ ...event, __type: 'Event' }), JSON.stringify({ ...event, 'time.source': '2024-02-01T01:00:00+00:00', 'extra.count': 4, __type: 'Event' })]);
    const out = output['_default']!.map((m) => JSON.parse(m) as Record<string, unknown>);
    assert.equal(out.length, 1);
    assert.equal(out[0]!['source.ip'], '192.0.2.1');
    assert.equal(out[0]!['extra.count'], 25);
    assert.equal(out[0]!['extra.time_end'], '2024-01-01T00:59:00+00:00');
    assert.ok(String(out[0]!['time.source']).endsWith('+00:00'));
    assert.equal(await redis.exists(ripe, small), 0);
    assert.equal(await redis.exists(fresh), 1);
    const entry = await redis.hgetall(key);
    assert.equal(entry['c'], '5');
    assert.equal(entry['f'], '2024-02-01T00:00:00+00:00');
    assert.equal(entry['l'], '2024-02-01T01:00:00+00:00');
    assert.equal((JSON.parse(entry['d']!) as Record<string, unknown>)['comment'], marker);
  } finally {
    await b.close();
    await redis.del(ripe, small, fresh, key);
    redis.disconnect();
  }
});

test('an event without time is an error; a bad timespan fails at start', async () => {
  await assert.rejects(createInMemoryBot(bot, { params: { redis_cache_db: DB, timespan: 'soon' }, paths: ['_default'], harmonization }), /Could not process/);
  const b = await createInMemoryBot(bot, { params: { redis_cache_db: DB, fields: 'comment' }, paths: ['_default'], harmonization });
  try {
    const { dumps } = await b.run([JSON.stringify({ comment: `aggregate-test-${randomUUID()}`, __type: 'Event' })]);
    assert.equal(dumps.length, 1);
  } finally {
    await b.close();
  }
});
