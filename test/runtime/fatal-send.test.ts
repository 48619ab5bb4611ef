/**
 * A broker that refuses writes for good (Redis out of memory, a full disk)
 * stops the bot with one critical line instead of a retry every few seconds
 * for ever, and the batch it held stays in its source queue for the restart.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { requireService } from '../helpers/services.ts';
import { createBotnet } from './botnet.ts';
import { exitCode, globalsFor, logRecords, numberedEvents, queueClient } from './helpers-pipeline.ts';
import { redisServerBinary, startRedisServer } from './helpers-redis-server.ts';

test('a destination Redis out of memory stops the bot; its input stays queued', { timeout: 60_000 }, async (t) => {
  if (!(await requireService(t, 'redis-server binary', redisServerBinary))) return;
  const redis = await startRedisServer();
  const net = createBotnet((root) => ({
    // Input on the embedded broker, so only sending meets the full Redis.
    global: { ...globalsFor('embedded', root), destination_pipeline_broker: 'redis', destination_pipeline_port: redis.port, destination_pipeline_db: 0 },
    tax: { module: 'intelmq.bots.experts.taxonomy.expert', group: 'Expert', name: 'tax', parameters: { destination_queues: { _default: ['next-queue'] } } },
  }));
  const admin = new Redis({ port: redis.port, lazyConnect: true });
  const queues = queueClient('embedded', globalsFor('embedded', net.root));
  try {
    await admin.config('SET', 'maxmemory', '1');
    await admin.config('SET', 'maxmemory-policy', 'noeviction');
    await queues.push('tax-queue', numberedEvents(20));
    const bot = net.start('tax');
    assert.notEqual(await exitCode(bot, 30_000), null);
    assert.equal(logRecords(net.root, 'tax', 'CRITICAL', 'Stopping the bot').length, 1);
    assert.equal(logRecords(net.root, 'tax', 'ERROR', 'retrying').length, 0);
    assert.equal((await queues.count('tax-queue')) + (await queues.inFlight('tax-queue')), 20);
  } finally {
    admin.disconnect();
    await queues.close();
    await net.stopAll();
    net.cleanup();
    await redis.destroy();
  }
});
