import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import { Redis } from 'ioredis';
import type { PipelineConfig } from '../../src/pipeline/broker.ts';
import { runConformance } from '../../src/pipeline/conformance.ts';
import { RedisAdmin } from '../../src/pipeline/redis-admin.ts';
import type { RedisConnectionOptions } from '../../src/pipeline/redis-connection.ts';
import { RedisBroker } from '../../src/pipeline/redis.ts';
import { requireService, tcpProbe } from '../helpers/services.ts';

const HOST = '127.0.0.1';
const PORT = 6379;
/** Away from upstream's pipeline (2), statistics (3) and cache/test (4) databases; queue names are unique per test anyway. */
const DB = 12;
const options: RedisConnectionOptions = { host: HOST, port: PORT, db: DB, password: null, socketTimeout: null };
const available = (t: TestContext): Promise<boolean> => requireService(t, `redis at ${HOST}:${PORT}`, tcpProbe(HOST, PORT));

let raw: Redis | null = null;
/** A plain client standing in for Python IntelMQ: it knows only upstream's key layout. */
function python(): Redis {
  raw ??= new Redis({ host: HOST, port: PORT, db: DB, lazyConnect: true, maxRetriesPerRequest: 1 });
  return raw;
}
after(() => raw?.disconnect());

runConformance({
  name: 'redis',
  available,
  broker: (config) => new RedisBroker(config, options),
  admin: () => new RedisAdmin(options),
  injectRaw: async (queue, body) => void (await python().lpush(queue, body)),
  cleanup: async (prefix) => {
    const keys = await python().keys(`${prefix}*`);
    if (keys.length > 0) await python().del(...keys);
  },
});

function config(overrides: Partial<PipelineConfig>): PipelineConfig {
  return { sourceQueue: null, destinations: {}, loadBalance: false, worker: 0, workers: 1, logger: () => {}, ...overrides };
}

describe('redis broker, upstream key layout', () => {
  it('shares queues with Python IntelMQ: LPUSH in, `<queue>-internal` while in flight, redelivery after a crash', { timeout: 10_000 }, async (t) => {
    if (!(await available(t))) return;
    const q = `layout-${process.pid}-${Date.now()}`;
    const redis = python();
    try {
      await redis.lpush(q, '{"n": 1}', '{"n": 2}');
      const first = new RedisBroker(config({ sourceQueue: q, destinations: { _default: [`${q}-out`] } }), options);
      await first.connect();
      assert.equal(await first.receive(), '{"n": 1}');
      assert.deepEqual(await redis.lrange(`${q}-internal`, 0, -1), ['{"n": 1}']);
      assert.equal(await redis.llen(q), 1);
      await first.disconnect(); // crash: no acknowledgement

      const second = new RedisBroker(config({ sourceQueue: q, destinations: { _default: [`${q}-out`] } }), options);
      await second.connect();
      assert.equal(await second.receive(), '{"n": 1}');
      await second.sendBatch([{ message: 'a' }, { message: 'b' }], { acknowledge: second });
      assert.equal(await redis.exists(`${q}-internal`), 0);
      // Upstream consumers RPOP/BRPOPLPUSH from the right: the oldest must be there.
      assert.deepEqual(await redis.lrange(`${q}-out`, 0, -1), ['b', 'a']);
      assert.equal(await second.receive(), '{"n": 2}');
      await second.acknowledge();
      await second.disconnect();
    } finally {
      await redis.del(q, `${q}-internal`, `${q}-out`);
    }
  });

  it('gives worker n its own in-flight list `<queue>-internal.<n>`', { timeout: 10_000 }, async (t) => {
    if (!(await available(t))) return;
    const q = `workers-${process.pid}-${Date.now()}`;
    const redis = python();
    try {
      await redis.lpush(q, 'x', 'y');
      const worker = new RedisBroker(config({ sourceQueue: q, worker: 3, workers: 4 }), options);
      await worker.connect();
      assert.deepEqual(await worker.receiveBatch(5, 1000), ['x', 'y']);
      assert.deepEqual(await redis.lrange(`${q}-internal.3`, 0, -1), ['y', 'x']);
      assert.equal(await redis.exists(`${q}-internal`), 0);
      await worker.acknowledge();
      assert.equal(await redis.exists(`${q}-internal.3`), 0);
      await worker.disconnect();
    } finally {
      await redis.del(q, `${q}-internal.3`);
    }
  });
});

/** A redis-server of our own, which this test may kill and restart. */
class OwnRedis {
  readonly dir = mkdtempSync(join(tmpdir(), 'intelmq-redis-'));
  readonly socket = join(this.dir, 'redis.sock');
  process: ChildProcess | null = null;

  constructor(readonly port: number) {}

  async start(): Promise<void> {
    // appendfsync always: every write Redis acknowledged survives SIGKILL, so any loss would be ours.
    this.process = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--unixsocket', this.socket, '--appendonly', 'yes', '--appendfsync', 'always', '--save', ''], { stdio: 'ignore' });
    const deadline = performance.now() + 5000;
    while (performance.now() < deadline) {
      if (await tcpProbe('127.0.0.1', this.port, 200)().then(() => true, () => false)) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`redis-server did not start on port ${this.port}`);
  }

  async kill(): Promise<void> {
    const child = this.process;
    if (child === null || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  async remove(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A port nothing listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

describe('redis broker against a server that goes away', () => {
  let server: OwnRedis | null = null;
  let startError: unknown = null;
  before(async () => {
    server = new OwnRedis(await freePort());
    await server.start().catch((error: unknown) => (startError = error));
  });
  after(() => server?.remove());

  it('loses nothing when Redis is killed and restarted mid-stream, and logs the outage once', { timeout: 30_000 }, async (t) => {
    if (startError !== null || server === null) return t.skip(`cannot start redis-server: ${String(startError)}`);
    const own: RedisConnectionOptions = { host: '127.0.0.1', port: server.port, db: 0, password: null, socketTimeout: null };
    const total = 3000;
    const producer = new RedisBroker(config({ destinations: { _default: ['in'] } }), own);
    await producer.connect();
    await producer.sendBatch(Array.from({ length: total }, (_, i) => ({ message: `m${i}` })));
    await producer.disconnect();

    const logs: string[] = [];
    const relay = new RedisBroker(config({ sourceQueue: 'in', destinations: { _default: ['out'] }, logger: (level, message) => logs.push(`${level}: ${message}`) }), own);
    await relay.connect();
    let relayed = 0;
    const loop = (async () => {
      for (;;) {
        const batch = await relay.receiveBatch(25, 1000);
        if (batch.length === 0) return;
        await relay.sendBatch(batch.map((message) => ({ message: String(message) })), { acknowledge: relay });
        relayed += batch.length;
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    })();
    while (relayed < 500) await new Promise((resolve) => setTimeout(resolve, 10));
    await server.kill();
    await new Promise((resolve) => setTimeout(resolve, 700));
    await server.start();
    await loop;
    await relay.disconnect();

    const check = new Redis({ path: server.socket, db: 0 });
    const out = await check.lrange('out', 0, -1);
    assert.equal(await check.llen('in'), 0);
    assert.equal(await check.llen('in-internal'), 0);
    check.disconnect();
    const missing = Array.from({ length: total }, (_, i) => `m${i}`).filter((m) => !out.includes(m));
    assert.deepEqual(missing, [], 'messages lost');
    assert.equal(logs.filter((line) => line.startsWith('warning:') && line.includes('unreachable')).length, 1, logs.join('\n'));
    assert.ok(logs.some((line) => line.includes('reachable again')), logs.join('\n'));
  });

  it('connects through a unix socket given as a path or unix:// URL', { timeout: 10_000 }, async (t) => {
    if (startError !== null || server === null) return t.skip(`cannot start redis-server: ${String(startError)}`);
    for (const host of [server.socket, `unix://${server.socket}`]) {
      const broker = new RedisBroker(config({ sourceQueue: 'sock', destinations: { _default: ['sock'] } }), { host, port: 6379, db: 1, password: null, socketTimeout: null });
      await broker.connect();
      await broker.send(host);
      assert.equal(await broker.receive(), host);
      await broker.acknowledge();
      await broker.disconnect();
    }
  });
});
