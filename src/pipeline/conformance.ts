import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it, type TestContext } from 'node:test';
import { DecodingError } from '../message/errors.ts';
import type { Broker, BrokerAdmin, LogLevel, PipelineConfig, Received } from './broker.ts';
import { normaliseDestinations } from './destinations.ts';
import { PipelineError } from './errors.ts';

/** One broker under test: how to reach it, and how to act as a foreign producer on it. */
export interface ConformanceTarget {
  readonly name: string;
  /** Called first in every test; false means the test was skipped (service unreachable). */
  available(t: TestContext): Promise<boolean>;
  broker(config: PipelineConfig): Broker;
  admin(): BrokerAdmin;
  /** Writes raw bytes to a queue the way another producer (a Python IntelMQ bot) would. */
  injectRaw(queue: string, body: Buffer): Promise<void>;
  /** Removes whatever a test left under its queue-name prefix. */
  cleanup(prefix: string, queues: readonly string[]): Promise<void>;
}

interface BrokerSetup {
  readonly source?: string;
  readonly destinations?: unknown;
  readonly loadBalance?: boolean;
  readonly worker?: number;
  readonly workers?: number;
}

interface Scenario {
  /** A queue name unique to this test. */
  q(name: string): string;
  /** A connected broker, disconnected after the test. */
  open(setup: BrokerSetup): Promise<Broker>;
  readonly admin: BrokerAdmin;
  readonly target: ConformanceTarget;
  readonly logs: string[];
}

const TEST_TIMEOUT_MS = 20_000;

/**
 * The behaviour every broker must show, registered as node:test tests: one
 * `describe` per target, each test on queues of its own so targets can share
 * a server with other test runs.
 */
export function runConformance(target: ConformanceTarget): void {
  const scenario = (name: string, body: (s: Scenario) => Promise<void>): void => {
    it(name, { timeout: TEST_TIMEOUT_MS }, async (t) => {
      if (!(await target.available(t))) return;
      const prefix = `ct-${target.name}-${process.pid}-${randomBytes(4).toString('hex')}-`;
      const brokers: Broker[] = [];
      const queues = new Set<string>();
      const logs: string[] = [];
      const admin = target.admin();
      const q = (queue: string): string => {
        queues.add(prefix + queue);
        return prefix + queue;
      };
      const open = async (setup: BrokerSetup): Promise<Broker> => {
        const config: PipelineConfig = {
          sourceQueue: setup.source ?? null,
          destinations: normaliseDestinations(setup.destinations ?? {}),
          loadBalance: setup.loadBalance ?? false,
          worker: setup.worker ?? 0,
          workers: setup.workers ?? 1,
          logger: (level: LogLevel, message: string) => logs.push(`${level}: ${message}`),
        };
        const broker = target.broker(config);
        brokers.push(broker);
        await broker.connect();
        return broker;
      };
      try {
        await body({ q, open, admin, target, logs });
      } finally {
        for (const broker of brokers) await broker.disconnect();
        await target.cleanup(prefix, [...queues]);
        await admin.close();
      }
    });
  };

  describe(`${target.name} broker conformance`, () => {
    scenario('delivers in FIFO order and counts waiting messages', async ({ q, open }) => {
      const producer = await open({ destinations: q('in') });
      for (let i = 0; i < 5; i++) await producer.send(`m${i}`);
      assert.equal(await producer.count(q('in')), 5);
      const consumer = await open({ source: q('in') });
      for (let i = 0; i < 5; i++) {
        assert.equal(await consumer.receive(), `m${i}`);
        await consumer.acknowledge();
      }
      assert.equal(await producer.count(q('in')), 0);
    });

    scenario('holds one message or batch at a time, with upstream error texts', async ({ q, open }) => {
      const producer = await open({ destinations: q('in') });
      await producer.send('only');
      const consumer = await open({ source: q('in') });
      await assert.rejects(consumer.acknowledge(), (e) => e instanceof PipelineError && /No message to acknowledge/.test(e.message));
      await assert.rejects(consumer.reject(), /No message to acknowledge/);
      assert.equal(await consumer.receive(), 'only');
      assert.equal(consumer.heldCount, 1);
      await assert.rejects(consumer.receiveBatch(5, 0), (e) => e instanceof PipelineError && /already a message, first acknowledge/.test(e.message));
      await consumer.acknowledge();
      await assert.rejects(consumer.acknowledge(), /No message to acknowledge/);
    });

    scenario('receiveBatch returns what is there without waiting to fill the batch', async ({ q, open }) => {
      const producer = await open({ destinations: q('in') });
      await producer.sendBatch(['a', 'b', 'c'].map((message) => ({ message })));
      const consumer = await open({ source: q('in') });
      const started = performance.now();
      assert.deepEqual(await receiveAtLeast(consumer, 3, 10), ['a', 'b', 'c']);
      assert.ok(performance.now() - started < 3000);
      assert.equal(consumer.heldCount, 3);
      await consumer.acknowledge();
    });

    scenario('receiveBatch gives up after maxWaitMs on an empty queue', async ({ q, open }) => {
      const consumer = await open({ source: q('in') });
      const started = performance.now();
      assert.deepEqual(await consumer.receiveBatch(5, 300), []);
      const elapsed = performance.now() - started;
      assert.ok(elapsed >= 250 && elapsed < 3000, `waited ${elapsed} ms`);
      assert.equal(consumer.heldCount, 0);
    });

    scenario('a waiting receive wakes up when a message arrives', async ({ q, open }) => {
      const consumer = await open({ source: q('in') });
      const producer = await open({ destinations: q('in') });
      const pending = consumer.receiveBatch(10, 15_000);
      await delay(300);
      const sent = performance.now();
      await producer.send('wake');
      assert.deepEqual(await pending, ['wake']);
      assert.ok(performance.now() - sent < 1000, `woke after ${performance.now() - sent} ms`);
      await consumer.acknowledge();
    });

    scenario('aborting a blocked receive loses nothing', async ({ q, open }) => {
      const consumer = await open({ source: q('in') });
      const controller = new AbortController();
      const pending = consumer.receiveBatch(10, Infinity, controller.signal);
      setTimeout(() => controller.abort(), 200);
      await assert.rejects(pending, { name: 'AbortError' });
      const producer = await open({ destinations: q('in') });
      await producer.send('after abort');
      assert.deepEqual(await consumer.receiveBatch(10, 5000), ['after abort']);
      await consumer.acknowledge();
    });

    scenario('a rejected message is received again', async ({ q, open }) => {
      const producer = await open({ destinations: q('in') });
      await producer.sendBatch([{ message: 'first' }, { message: 'second' }]);
      const consumer = await open({ source: q('in') });
      assert.equal(await consumer.receive(), 'first');
      await consumer.reject();
      assert.equal(consumer.heldCount, 0);
      assert.equal(await consumer.receive(), 'first');
      await consumer.acknowledge();
      assert.equal(await consumer.receive(), 'second');
      await consumer.acknowledge();
    });

    scenario('unacknowledged messages go to the next consumer of the queue', async ({ q, open }) => {
      const producer = await open({ destinations: q('in') });
      await producer.sendBatch([1, 2, 3, 4, 5].map((i) => ({ message: `m${i}` })));
      const crashed = await open({ source: q('in') });
      assert.deepEqual(await receiveAtLeast(crashed, 3, 3), ['m1', 'm2', 'm3']);
      await crashed.disconnect();
      const next = await open({ source: q('in') });
      assert.deepEqual(await receiveAtLeast(next, 5, 10), ['m1', 'm2', 'm3', 'm4', 'm5']);
      await next.acknowledge();
    });

    scenario('sends to every queue of a path, and to named paths', async ({ q, open }) => {
      const producer = await open({ destinations: { _default: [q('a'), q('b')], other: q('c') } });
      await producer.sendBatch([{ message: 'one' }, { message: 'two', path: 'other' }, { message: 'three' }]);
      assert.deepEqual(await drain(await open({ source: q('a') }), 2), ['one', 'three']);
      assert.deepEqual(await drain(await open({ source: q('b') }), 2), ['one', 'three']);
      assert.deepEqual(await drain(await open({ source: q('c') }), 1), ['two']);
    });

    scenario('load_balance sends round-robin', async ({ q, open }) => {
      const producer = await open({ destinations: `${q('a')} ${q('b')}`, loadBalance: true });
      for (const message of ['1', '2', '3', '4']) await producer.send(message);
      assert.deepEqual(await drain(await open({ source: q('a') }), 2), ['1', '3']);
      assert.deepEqual(await drain(await open({ source: q('b') }), 2), ['2', '4']);
    });

    scenario('an unknown path fails unless path_permissive', async ({ q, open }) => {
      const producer = await open({ destinations: q('a') });
      await assert.rejects(producer.send('x', 'nope'), (e) => e instanceof PipelineError && /"nope" is not configured/.test(e.message));
      await producer.send('x', 'nope', true);
      assert.equal(await producer.count(q('a')), 0);
    });

    scenario('forwarding a batch acknowledges it once the outputs are enqueued', async ({ q, open }) => {
      const producer = await open({ destinations: q('in') });
      await producer.sendBatch(Array.from({ length: 20 }, (_, i) => ({ message: `m${i}` })));
      const source = await open({ source: q('in') });
      const destination = await open({ destinations: { _default: q('out'), odd: q('odd') } });
      const batch = await receiveAtLeast(source, 20, 20);
      await destination.sendBatch(batch.map((message, i) => ({ message: String(message), path: i % 2 === 1 ? 'odd' : '_default' })), { acknowledge: source });
      assert.equal(source.heldCount, 0);
      await source.disconnect();
      const again = await open({ source: q('in') });
      assert.deepEqual(await again.receiveBatch(20, 200), []);
      assert.equal(await destination.count(q('out')), 10);
      assert.equal(await destination.count(q('odd')), 10);
      await assert.rejects(destination.sendBatch([{ message: 'x' }], { acknowledge: again }), /No message to acknowledge/);
    });

    scenario('invalid UTF-8 surfaces as DecodingError carrying the raw bytes', async ({ q, open, target }) => {
      const bad = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]);
      await target.injectRaw(q('in'), bad);
      await target.injectRaw(q('in'), Buffer.from('{"ok": "ü"}'));
      await target.injectRaw(q('in'), bad);
      const consumer = await open({ source: q('in') });
      const error = await consumer.receive().then(() => null, (e: unknown) => e);
      assert.ok(error instanceof DecodingError);
      assert.deepEqual(error.raw, bad);
      await consumer.acknowledge();
      const batch = await receiveAtLeast(consumer, 2, 10);
      assert.equal(batch[0], '{"ok": "ü"}');
      assert.ok(batch[1] instanceof DecodingError && batch[1].raw.equals(bad));
      await consumer.acknowledge();
    });

    scenario('unicode and large messages arrive unchanged', async ({ q, open }) => {
      const large = `{"raw": "${'ÿ€😀 '.repeat(200_000)}"}`;
      const producer = await open({ destinations: q('in') });
      await producer.sendBatch([{ message: 'Grüße, 世界' }, { message: large }, { message: '' }]);
      const consumer = await open({ source: q('in') });
      const received: string[] = [];
      for (let i = 0; i < 3; i++) {
        received.push(await consumer.receive());
        await consumer.acknowledge();
      }
      const [text, big, empty] = received;
      assert.equal(text, 'Grüße, 世界');
      // Compared as a boolean: a failing deepEqual would print megabytes.
      assert.ok(big === large, `large message changed (length ${String(big).length}, sent ${large.length})`);
      assert.equal(empty, '');
    });

    scenario('workers sharing a queue never receive the same message', async ({ q, open }) => {
      const total = 300;
      const producer = await open({ destinations: q('in') });
      await producer.sendBatch(Array.from({ length: total }, (_, i) => ({ message: `m${i}` })));
      const workers = await Promise.all([0, 1, 2].map((worker) => open({ source: q('in'), worker, workers: 3 })));
      const seen: string[] = [];
      await Promise.all(workers.map(async (worker) => {
        while (seen.length < total) {
          const batch = await worker.receiveBatch(7, 300);
          if (batch.length === 0) continue;
          for (const message of batch) seen.push(String(message));
          await delay(1);
          await worker.acknowledge();
        }
      }));
      assert.equal(new Set(seen).size, seen.length, 'a message was delivered twice');
      assert.equal(seen.length, total);
    });

    scenario('in-flight messages of retired workers come back', async ({ q, open }) => {
      const producer = await open({ destinations: q('in') });
      await producer.sendBatch(['a', 'b', 'c', 'd'].map((message) => ({ message })));
      const retired = await open({ source: q('in'), worker: 2, workers: 3 });
      assert.deepEqual(await receiveAtLeast(retired, 3, 3), ['a', 'b', 'c']);
      await retired.disconnect();
      const survivor = await open({ source: q('in'), worker: 0, workers: 2 });
      assert.deepEqual((await receiveAtLeast(survivor, 4, 10)).sort(), ['a', 'b', 'c', 'd']);
      await survivor.acknowledge();
    });

    scenario('a bigger batch after single receives gets more than one message', async ({ q, open }) => {
      const producer = await open({ destinations: q('in') });
      await producer.sendBatch(Array.from({ length: 12 }, (_, i) => ({ message: `m${i}` })));
      const consumer = await open({ source: q('in') });
      assert.equal(await consumer.receive(), 'm0');
      await consumer.acknowledge();
      const batch = await receiveAtLeast(consumer, 10, 10);
      assert.deepEqual(batch, Array.from({ length: 10 }, (_, i) => `m${i + 1}`));
      await consumer.acknowledge();
    });

    scenario('admin counts, lists and clears queues', async ({ q, open, admin }) => {
      const producer = await open({ destinations: { _default: q('a'), b: q('b') } });
      await producer.sendBatch([{ message: '1' }, { message: '2' }, { message: '3', path: 'b' }, { message: '4', path: 'b' }]);
      const names = [q('a'), q('b'), q('empty')];
      // RabbitMQ's management API refreshes its statistics every few seconds.
      await eventually(async () => {
        assert.deepEqual(await admin.count(names), { [q('a')]: 2, [q('b')]: 2, [q('empty')]: 0 });
        const nonEmpty = await admin.nonEmptyQueues(names);
        assert.ok(nonEmpty.has(q('a')) && nonEmpty.has(q('b')) && !nonEmpty.has(q('empty')), `non-empty: ${[...nonEmpty].join(' ')}`);
      });
      if (admin.hasInternalQueues) {
        const consumer = await open({ source: q('b') });
        assert.equal((await consumer.receiveBatch(1, 5000)).length, 1);
        assert.deepEqual(await admin.inFlight([q('b'), q('a')]), { [q('b')]: 1, [q('a')]: 0 });
        assert.deepEqual(await admin.count([q('b')]), { [q('b')]: 1 });
        await consumer.acknowledge();
        assert.deepEqual(await admin.inFlight([q('b')]), { [q('b')]: 0 });
      }
      await admin.clear(q('a'));
      await eventually(async () => assert.deepEqual(await admin.count([q('a')]), { [q('a')]: 0 }));
    });
  });
}

/** Receives until `count` messages are held (batches may arrive in parts), as text. */
async function receiveAtLeast(broker: Broker, count: number, max: number): Promise<Received[]> {
  const first = await broker.receiveBatch(max, 5000);
  if (first.length >= count) return first;
  // The held batch must be acknowledged before receiving more; brokers that
  // deliver asynchronously (AMQP) may need a moment to have all of them.
  await broker.reject();
  return eventuallyValue(async () => {
    const batch = await broker.receiveBatch(max, 5000);
    if (batch.length >= count) return batch;
    await broker.reject();
    throw new Error(`only ${batch.length} of ${count} messages arrived`);
  });
}

/** The `expected` messages of the broker's source queue, acknowledged, plus any surplus that shows up right after. */
async function drain(broker: Broker, expected: number): Promise<Received[]> {
  const out: Received[] = [];
  for (;;) {
    const batch = await broker.receiveBatch(100, out.length < expected ? 5000 : 100);
    if (batch.length === 0) return out;
    out.push(...batch);
    await broker.acknowledge();
  }
}

async function eventually(check: () => Promise<void>): Promise<void> {
  await eventuallyValue(check);
}

async function eventuallyValue<T>(attempt: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (performance.now() > deadline) throw error;
      await delay(100);
    }
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
