import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { requireService, tcpProbe } from '../../test/helpers/services.ts';
import { redisServerBinary, startRedisServer } from '../../test/runtime/helpers-redis-server.ts';
import { StatisticsRedis } from './statistics-redis.ts';
import { Statistics } from './statistics.ts';

const HOST = '127.0.0.1';
const PORT = 6379;
/** The shared Redis' database for this file; the others belong to other tests. */
const DB = 9;
const shared = (t: TestContext): Promise<boolean> => requireService(t, `redis at ${HOST}:${PORT}`, tcpProbe(HOST, PORT));
const binary = (t: TestContext): Promise<boolean> => requireService(t, 'redis-server binary', redisServerBinary);

const uniqueId = (): string => `stats-${randomBytes(4).toString('hex')}`;

function statistics(botId: string, params: Record<string, unknown>, debug: string[] = []): Statistics {
  return new Statistics({ botId, paths: ['_default'], params: { statistics_host: HOST, statistics_port: PORT, statistics_database: DB, statistics_password: null, ...params }, file: null, onDebug: (m) => debug.push(m) });
}

function reader(options: { port?: number; path?: string; db?: number; password?: string } = {}): Redis {
  return new Redis({ host: HOST, port: PORT, db: DB, lazyConnect: true, maxRetriesPerRequest: 1, ...options });
}
/** QUIT while the server still runs: ioredis' disconnect() would hold the process for 2 s. */
async function quit(...readers: Redis[]): Promise<void> {
  await Promise.all(readers.map((r) => r.quit().catch(() => r.disconnect())));
}

/** A private redis-server listening only on a unix socket and requiring a password. */
async function startPasswordServer(): Promise<{ socket: string; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'intelmq-ts-stats-redis-'));
  const socket = join(dir, 'redis.sock');
  const child: ChildProcess = spawn('redis-server', ['--port', '0', '--unixsocket', socket, '--unixsocketperm', '700', '--requirepass', 'secret', '--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no'], { stdio: 'ignore' });
  const listening = (): Promise<boolean> =>
    new Promise((resolve) => {
      const probe = connect({ path: socket });
      probe.once('error', () => resolve(false));
      probe.once('connect', () => {
        probe.destroy();
        resolve(true);
      });
    });
  const until = Date.now() + 5000;
  while (!(await listening())) {
    if (Date.now() > until || child.exitCode !== null) throw new Error('private redis-server did not come up');
    await sleep(20);
  }
  return {
    socket,
    async stop() {
      if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve).kill('SIGKILL'));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('statistics in Redis without ioredis', () => {
  it('writes the counters under upstream key names, the temporary ones with a TTL of at most 2 s, into the configured database', async (t) => {
    if (!(await shared(t))) return;
    const id = uniqueId();
    const stats = statistics(id, {});
    const redis = reader();
    const db0 = reader({ db: 0 });
    try {
      stats.sent('_default', 3);
      stats.success = 5;
      stats.failure = 1;
      await stats.flush(true);
      assert.deepEqual(await redis.mget(`${id}.temporary._default`, `${id}.total._default`, `${id}.stats.success`, `${id}.stats.failure`), ['3', '3', '5', '1']);
      const ttl = await redis.ttl(`${id}.temporary._default`);
      assert.ok(ttl > 0 && ttl <= 2, `temporary TTL ${ttl}`);
      assert.equal(await redis.ttl(`${id}.total._default`), -1);
      assert.equal(await db0.exists(`${id}.stats.success`), 0, 'nothing in database 0');

      // The second flush goes over the same connection; a path without new messages has no temporary key.
      stats.success = 6;
      await stats.flush(true);
      assert.equal(await redis.get(`${id}.stats.success`), '6');
      assert.equal(await redis.get(`${id}.total._default`), '3');
    } finally {
      await stats.close();
      await redis.del(`${id}.temporary._default`, `${id}.total._default`, `${id}.stats.success`, `${id}.stats.failure`);
      await quit(redis, db0);
    }
  });

  it('sends values by their byte length', async (t) => {
    if (!(await shared(t))) return;
    const key = `${uniqueId()}.bytes`;
    const debug: string[] = [];
    const client = new StatisticsRedis({ host: HOST, port: PORT, db: DB }, (m) => debug.push(m));
    const redis = reader();
    try {
      await client.send([['SET', key, 'Grüße, 統計 ✓', 'EX', '2']]);
      assert.deepEqual(debug, []);
      assert.equal(await redis.get(key), 'Grüße, 統計 ✓');
    } finally {
      client.close();
      await quit(redis);
    }
  });

  it('authenticates over a unix socket, and a wrong or missing password only costs a debug line', async (t) => {
    if (!(await binary(t))) return;
    const server = await startPasswordServer();
    const redis = reader({ path: server.socket, password: 'secret' });
    try {
      for (const host of [server.socket, `unix://${server.socket}`]) {
        const id = uniqueId();
        const debug: string[] = [];
        const stats = statistics(id, { statistics_host: host, statistics_password: 'secret' }, debug);
        stats.success = 2;
        await stats.close();
        assert.deepEqual(debug, []);
        assert.equal(await redis.get(`${id}.stats.success`), '2', host);
      }
      for (const [password, answer] of [['wrong', /WRONGPASS/], [null, /NOAUTH/]] as const) {
        const id = uniqueId();
        const debug: string[] = [];
        const stats = statistics(id, { statistics_host: server.socket, statistics_password: password }, debug);
        await stats.flush(true);
        await stats.flush(true); // backing off: no second attempt, no second line
        await stats.close();
        assert.equal(debug.length, 1, debug.join('\n'));
        assert.match(debug[0]!, answer);
        assert.match(debug[0]!, /statistics_\* settings/);
        assert.equal(await redis.exists(`${id}.stats.success`), 0);
      }
    } finally {
      await quit(redis);
      await server.stop();
    }
  });

  it('rides out Redis going away: flushes keep returning, and after the restart a later flush writes again', { timeout: 15_000 }, async (t) => {
    if (!(await binary(t))) return;
    const server = await startRedisServer();
    const id = uniqueId();
    const debug: string[] = [];
    const stats = statistics(id, { statistics_port: server.port }, debug);
    const redis = reader({ port: server.port });
    try {
      stats.success = 1;
      await stats.flush(true);
      assert.equal(await redis.get(`${id}.stats.success`), '1');

      await server.kill();
      stats.success = 2;
      const started = Date.now();
      await stats.flush(true);
      await stats.flush(true);
      assert.ok(Date.now() - started < 1500, 'a dead Redis does not stall the flushes');
      assert.ok(debug.length >= 1, 'the outage is reported');
      const lines = debug.length;

      await server.start();
      stats.success = 3;
      const until = Date.now() + 5000;
      while ((await redis.get(`${id}.stats.success`).catch(() => null)) !== '3') {
        assert.ok(Date.now() < until, `no write within 5 s after the restart:\n${debug.join('\n')}`);
        await stats.flush(true);
        await sleep(100);
      }
      assert.equal(debug.length, lines, `retries while backing off stay silent:\n${debug.join('\n')}`);
    } finally {
      await stats.close();
      await quit(redis);
      await server.destroy();
    }
  });
});

describe('the RESP reader', () => {
  /** A TCP peer that answers each chunk it receives with what `answer` returns, written in the pieces given. */
  async function fakeRedis(answer: (input: string) => string[]): Promise<{ server: Server; port: number; connections: number }> {
    const state = { server: createServer(), port: 0, connections: 0 };
    state.server.on('connection', (socket) => {
      state.connections++;
      socket.setEncoding('utf8');
      socket.on('error', () => undefined);
      socket.on('data', async (input: string) => {
        for (const piece of answer(input)) {
          socket.write(piece);
          await sleep(5);
        }
      });
    });
    await new Promise<void>((resolve) => state.server.listen(0, HOST, resolve));
    state.port = (state.server.address() as { port: number }).port;
    return state;
  }
  const commandsIn = (input: string): number => input.split('\r\n').filter((l) => l.startsWith('*')).length;

  it('reads replies split across chunks and several in one chunk', async () => {
    const fake = await fakeRedis((input) => {
      const replies = '+OK\r\n'.repeat(commandsIn(input));
      return [replies.slice(0, 1), replies.slice(1, 4), replies.slice(4)];
    });
    const debug: string[] = [];
    const client = new StatisticsRedis({ host: HOST, port: fake.port, db: 9 }, (m) => debug.push(m));
    try {
      await client.send([['SET', 'a', '1'], ['SET', 'b', 'ü'], ['SET', 'c', '3']]);
      await client.send([['SET', 'a', '2']]);
      assert.deepEqual(debug, []);
      assert.equal(fake.connections, 1);
    } finally {
      client.close();
      fake.server.close();
    }
  });

  it('drops the connection on a reply type it does not expect, and reconnects on the next send', async () => {
    let odd = true;
    const fake = await fakeRedis((input) => (input.includes('SELECT') ? ['+OK\r\n'] : [(odd = !odd) ? '+OK\r\n' : ':1\r\n']));
    const debug: string[] = [];
    const client = new StatisticsRedis({ host: HOST, port: fake.port, db: 9 }, (m) => debug.push(m));
    try {
      await client.send([['SET', 'a', '1']]);
      assert.match(debug.join('\n'), /unexpected reply ":1"/);
      await client.send([['SET', 'a', '1']]);
      assert.equal(debug.length, 1, debug.join('\n'));
      assert.equal(fake.connections, 2);
    } finally {
      client.close();
      fake.server.close();
    }
  });

  it('gives up on a silent peer after about a second', async () => {
    const fake = await fakeRedis(() => []);
    const debug: string[] = [];
    const client = new StatisticsRedis({ host: HOST, port: fake.port, db: 9 }, (m) => debug.push(m));
    try {
      const started = Date.now();
      await client.send([['SET', 'a', '1']]);
      assert.ok(Date.now() - started < 1500);
      assert.match(debug.join('\n'), /no reply within 1000 ms/);
    } finally {
      client.close();
      fake.server.close();
    }
  });
});
