import { after, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { requireService, tcpProbe } from '../../../../test/helpers/services.ts';
import { freePort } from '../../collectors/_shared/testing-server.ts';
import { SAMPLE, createBatchOutput, event, runOutput } from '../_shared/testing.ts';
import { bot } from './bot.ts';

const HOST = '127.0.0.1';
const PORT = 6379;
const DB = 13;
const PREFIX = `intelmq-test-${process.pid}-${Date.now()}`;
const available = (t: TestContext) => requireService(t, `redis at ${HOST}:${PORT}`, tcpProbe(HOST, PORT));
let redis: Redis | null = null;
const client = () => (redis ??= new Redis({ host: HOST, port: PORT, db: DB, lazyConnect: false }));
after(async () => {
  if (!redis) return;
  const keys = await redis.keys(`${PREFIX}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

test('events are LPUSHed as JSON with __type; a batch is one LPUSH in order', async (t) => {
  if (!(await available(t))) return;
  const queue = `${PREFIX}-queue`;
  const out = await createBatchOutput(bot, { redis_server_ip: HOST, redis_server_port: PORT, redis_db: DB, redis_queue: queue });
  try {
    assert.equal((await out.one(event(SAMPLE))).error, undefined);
    const results = await out.batch([1, 2].map((i) => event({ ...SAMPLE, 'source.port': i })));
    assert.ok(results!.every((r) => r.error === undefined));
    const items = (await client().lrange(queue, 0, -1)).map((s) => JSON.parse(s));
    assert.deepEqual(items.map((i) => i['source.port']), [2, 1, 8080]);
    assert.equal(items[0]['__type'], 'Event');
    assert.equal(items[0]['extra.tag'], 'ä€');
    assert.ok(!('raw' in items[0]));
  } finally {
    await out.close();
  }
});

test('hierarchical_output and with_type false', async (t) => {
  if (!(await available(t))) return;
  const queue = `${PREFIX}-nested`;
  const r = await runOutput(bot, { redis_server_ip: HOST, redis_server_port: PORT, redis_db: DB, redis_queue: queue, hierarchical_output: true, with_type: false }, [event(SAMPLE)]);
  assert.equal(r.dumps.length, 0);
  const item = JSON.parse((await client().lpop(queue))!);
  assert.equal(item.source.ip, '192.0.2.1');
  assert.ok(!('__type' in item));
});

test('unreachable Redis: error names host and port; the event is dumped', async () => {
  const port = await freePort();
  const e = event(SAMPLE);
  const r = await runOutput(bot, { redis_server_ip: HOST, redis_server_port: port, redis_queue: 'q', redis_timeout: 1000 }, [e]);
  assert.equal(r.dumps.length, 1);
  assert.equal(r.dumps[0]!.message, e.serialize());
  assert.match(String(r.dumps[0]!.traceback), new RegExp(`Cannot connect to Redis at 127\\.0\\.0\\.1:${port} db 2: .*ECONNREFUSED`));
});
