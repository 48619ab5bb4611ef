import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { createInMemoryBot } from '../../../conformance/harness.ts';
import { Event, packagedHarmonization } from '../../../message/index.ts';
import { bot } from './bot.ts';

const DB = 14;
const harmonization = packagedHarmonization();

/** An output message as a dict, without the wire-only `__type`. */
function withoutType(wire: string): Record<string, unknown> {
  const { __type: _type, ...fields } = JSON.parse(wire) as Record<string, unknown>;
  return fields;
}

async function run(params: Record<string, unknown>, inputs: Array<Record<string, unknown>>) {
  const b = await createInMemoryBot(bot, { params: { redis_cache_db: DB, ...params }, paths: ['_default'], harmonization });
  try {
    const { output } = await b.run(inputs.map((m) => JSON.stringify({ ...m, __type: 'Event' })));
    return output['_default']!.map(withoutType);
  } finally {
    await b.close();
  }
}

test('forwards exactly the event that reaches the threshold, with add_keys and extra.count', async () => {
  const marker = `threshold-test-${randomUUID()}`;
  const events = [1, 2, 3, 4, 5].map((i) => ({ comment: marker, 'destination.port': i }));
  const hash = new Event(harmonization, events[0]).hash(['comment'], 'whitelist');
  const redis = new Redis({ db: DB });
  try {
    const out = await run({ threshold: 3, filter_keys: ['comment'], filter_type: 'whitelist', add_keys: { 'extra.note': 'Threshold reached' }, redis_cache_ttl: 60 }, events);
    assert.equal(out.length, 1);
    assert.equal(out[0]!['destination.port'], 3);
    assert.equal(out[0]!['extra.count'], 3);
    assert.equal(out[0]!['extra.note'], 'Threshold reached');
    assert.equal(await redis.get(hash), '5');
    assert.ok((await redis.ttl(hash)) <= 60);
  } finally {
    await redis.del(hash);
    redis.disconnect();
  }
});

test('differing events are counted apart; bypass forwards everything', async () => {
  const marker = `threshold-test-${randomUUID()}`;
  const events = [1, 2, 3].map((i) => ({ comment: marker, 'destination.port': i }));
  const hashes = events.map((e) => new Event(harmonization, e).hash(['comment', 'destination.port'], 'whitelist'));
  try {
    assert.equal((await run({ threshold: 2, filter_keys: 'comment, destination.port', filter_type: 'whitelist' }, events)).length, 0);
    assert.equal((await run({ threshold: 2, bypass: true }, events)).length, 3);
  } finally {
    const redis = new Redis({ db: DB });
    await redis.del(...hashes);
    redis.disconnect();
  }
});

test('non-positive threshold or timeout is a configuration error', async () => {
  await assert.rejects(run({ threshold: 0 }, []), /Threshold/);
  await assert.rejects(run({ timeout: 0 }, []), /Timeout/);
});
