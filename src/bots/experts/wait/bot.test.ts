import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { createInMemoryBot } from '../../../conformance/harness.ts';
import { packagedHarmonization } from '../../../message/index.ts';
import { bot } from './bot.ts';

const INPUT = JSON.stringify({ 'feed.name': 'x', __type: 'Event' });

async function timed(params: Record<string, unknown>, whileRunning?: () => Promise<void>) {
  const b = await createInMemoryBot(bot, { params, paths: ['_default'], harmonization: packagedHarmonization() });
  try {
    const start = Date.now();
    const pending = b.run([INPUT]);
    await whileRunning?.();
    const { output } = await pending;
    return { ms: Date.now() - start, count: output['_default']!.length };
  } finally {
    await b.close();
  }
}

test('without parameters the event passes at once', async () => {
  const { ms, count } = await timed({});
  assert.equal(count, 1);
  assert.ok(ms < 200, `${ms} ms`);
});

test('sleep mode waits sleep_time seconds per event', async () => {
  const { ms, count } = await timed({ sleep_time: 0.2 });
  assert.equal(count, 1);
  assert.ok(ms >= 190, `${ms} ms`);
});

test('queue mode holds the event until the watched list is short enough', async () => {
  const queue = `wait-test-${randomUUID()}`;
  const redis = new Redis({ db: 14 });
  try {
    await redis.rpush(queue, 'a', 'b');
    const { ms, count } = await timed({ queue_name: queue, queue_db: 14, queue_host: '127.0.0.1', queue_size: 1, queue_polling_interval: 0.01 }, async () => {
      await new Promise((r) => setTimeout(r, 150));
      await redis.lpop(queue);
    });
    assert.equal(count, 1);
    assert.ok(ms >= 140, `${ms} ms`);
  } finally {
    await redis.del(queue);
    redis.disconnect();
  }
});
