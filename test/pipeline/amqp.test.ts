import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { after, describe, it, type TestContext } from 'node:test';
import amqp, { type Channel, type ChannelModel } from 'amqplib';
import { AmqpAdmin } from '../../src/pipeline/amqp-admin.ts';
import { QUEUE_ARGUMENTS, type AmqpConnectionOptions } from '../../src/pipeline/amqp-connection.ts';
import { AmqpBroker } from '../../src/pipeline/amqp.ts';
import type { PipelineConfig } from '../../src/pipeline/broker.ts';
import { runConformance } from '../../src/pipeline/conformance.ts';
import { PipelineError } from '../../src/pipeline/errors.ts';
import { DEFAULT_MONITORING_URL } from '../../src/pipeline/factory.ts';
import { requireService, tcpProbe } from '../helpers/services.ts';

const run = promisify(execFile);
const HOST = '127.0.0.1';
const PORT = 5672;
const RUN_ID = `${process.pid}-${Date.now()}`;
const options: AmqpConnectionOptions = {
  host: HOST, port: PORT, username: 'guest', password: 'guest', vhost: '/', ssl: false, exchange: '', socketTimeout: 5, connectionName: `intelmq-ts-test ${RUN_ID}`,
};
const available = (t: TestContext): Promise<boolean> => requireService(t, `rabbitmq at ${HOST}:${PORT}`, tcpProbe(HOST, PORT));

let raw: { model: ChannelModel; channel: Channel } | null = null;
/** A plain amqplib connection standing in for another producer. */
async function plain(): Promise<Channel> {
  if (raw === null) {
    const model = await amqp.connect({ hostname: HOST, port: PORT, username: 'guest', password: 'guest' });
    raw = { model, channel: await model.createChannel() };
  }
  return raw.channel;
}
after(() => raw?.model.close());

runConformance({
  name: 'amqp',
  available,
  broker: (config) => new AmqpBroker(config, options),
  admin: () => new AmqpAdmin({ ...options, monitoringUrl: DEFAULT_MONITORING_URL }),
  injectRaw: async (queue, body) => {
    const channel = await plain();
    await channel.assertQueue(queue, QUEUE_ARGUMENTS);
    channel.sendToQueue(queue, body, { persistent: true });
  },
  cleanup: async (_prefix, queues) => {
    const channel = await plain();
    for (const queue of queues) await channel.deleteQueue(queue);
  },
});

function config(overrides: Partial<PipelineConfig>): PipelineConfig {
  return { sourceQueue: null, destinations: {}, loadBalance: false, worker: 0, workers: 1, logger: () => {}, ...overrides };
}

/**
 * Closes the server side of the connections named `name`, as a RabbitMQ
 * restart or an operator would, in one rabbitmqctl call (each costs seconds);
 * other clients of the server, unlike with close_all_connections, are left
 * alone. Null when rabbitmqctl cannot talk to the server (not local, no rights).
 */
async function closeConnections(name: string): Promise<number | null> {
  const erlang = `Name = <<${JSON.stringify(name)}/utf8>>,
    Pids = [proplists:get_value(pid, I) || I <- rabbit_networking:connection_info_all([pid, client_properties]),
            lists:keyfind(<<"connection_name">>, 1, proplists:get_value(client_properties, I)) =:= {<<"connection_name">>, longstr, Name}],
    [rabbit_networking:close_connection(P, "closed by the intelmq-ts test") || P <- Pids],
    length(Pids).`;
  const result = await run('rabbitmqctl', ['-q', 'eval', erlang], { timeout: 20_000 }).catch(() => null);
  return result === null ? null : Number(result.stdout.trim());
}

describe('amqp broker specifics', () => {
  it('declares queues durable and lazy, and publishes persistent messages', { timeout: 15_000 }, async (t) => {
    if (!(await available(t))) return;
    const q = `decl-${RUN_ID}`;
    const broker = new AmqpBroker(config({ destinations: { _default: [q] } }), options);
    await broker.connect();
    try {
      await broker.send('persistent');
      const channel = await plain();
      const message = await channel.get(q, { noAck: true });
      assert.ok(message !== false);
      assert.equal(message.properties.deliveryMode, 2);
      // Re-declaring with other arguments fails only if ours were durable + lazy.
      const probe = await (raw as { model: ChannelModel }).model.createChannel();
      probe.on('error', () => {});
      await assert.rejects(probe.assertQueue(q, { durable: true }), /PRECONDITION[-_]FAILED/);
    } finally {
      await broker.disconnect();
      await (await plain()).deleteQueue(q);
    }
  });

  it('with amqp_exchange publishes to the exchange with the queue name as routing key', { timeout: 15_000 }, async (t) => {
    if (!(await available(t))) return;
    const exchange = `ex-${RUN_ID}`;
    const bound = `bound-${RUN_ID}`;
    const channel = await plain();
    await channel.assertExchange(exchange, 'direct', { durable: false, autoDelete: false });
    await channel.assertQueue(bound, QUEUE_ARGUMENTS);
    await channel.bindQueue(bound, exchange, bound);
    const broker = new AmqpBroker(config({ destinations: { _default: [bound], other: [`unbound-${RUN_ID}`] } }), { ...options, exchange });
    await broker.connect();
    try {
      await broker.send('routed');
      const message = await channel.get(bound, { noAck: true });
      assert.ok(message !== false && message.content.toString() === 'routed');
      await assert.rejects(broker.send('lost', 'other'), (e) => e instanceof PipelineError && /unroutable/.test(e.message));
    } finally {
      await broker.disconnect();
      await channel.deleteQueue(bound);
      await channel.deleteExchange(exchange);
    }
  });

  it('reconnects when RabbitMQ closes the connections and finishes the stream', { timeout: 30_000 }, async (t) => {
    if (!(await available(t))) return;
    const q = `reconnect-${RUN_ID}`;
    const name = `intelmq-ts-test reconnect ${RUN_ID}`;
    const total = 600;
    const producer = new AmqpBroker(config({ destinations: { _default: [`${q}-in`] } }), options);
    await producer.connect();
    await producer.sendBatch(Array.from({ length: total }, (_, i) => ({ message: `m${i}` })));
    await producer.disconnect();

    const logs: string[] = [];
    const logger = (level: string, message: string): number => logs.push(`${level}: ${message}`);
    const source = new AmqpBroker(config({ sourceQueue: `${q}-in`, logger }), { ...options, connectionName: name });
    const destination = new AmqpBroker(config({ destinations: { _default: [`${q}-out`] }, logger }), { ...options, connectionName: name });
    await source.connect();
    await destination.connect();
    try {
      // The relay holds a received batch while both connections are closed, then sends and acknowledges it.
      let holding: () => void = () => {};
      const isHolding = new Promise<void>((resolve) => (holding = resolve));
      let closed: (closedCount: number | null) => void = () => {};
      const connectionsClosed = new Promise<number | null>((resolve) => (closed = resolve));
      const relay = (async () => {
        let relayed = 0;
        for (;;) {
          const batch = await source.receiveBatch(20, 500);
          if (batch.length === 0) return;
          if (relayed >= 100 && relayed < 120) {
            holding();
            if ((await connectionsClosed) === null) return;
          }
          await destination.sendBatch(batch.map((message) => ({ message: String(message) })), { acknowledge: source });
          relayed += batch.length;
        }
      })();
      await isHolding;
      const count = await closeConnections(name);
      closed(count);
      await relay;
      if (count === null) return t.skip('rabbitmqctl cannot reach the server, connections cannot be closed');
      assert.equal(count, 2);
      const sink = new AmqpBroker(config({ sourceQueue: `${q}-out` }), options);
      await sink.connect();
      const received = new Set<string>();
      for (;;) {
        const batch = await sink.receiveBatch(200, 500);
        if (batch.length === 0) break;
        for (const message of batch) received.add(String(message));
        await sink.acknowledge();
      }
      await sink.disconnect();
      const missing = Array.from({ length: total }, (_, i) => `m${i}`).filter((m) => !received.has(m));
      assert.deepEqual(missing, [], 'messages lost');
      assert.ok(logs.some((line) => line.includes('unreachable')), logs.join('\n'));
      assert.ok(logs.some((line) => line.includes('reachable again')), logs.join('\n'));
      assert.ok(logs.some((line) => line.includes('delivers them again')), logs.join('\n'));
    } finally {
      await source.disconnect();
      await destination.disconnect();
      const channel = await plain();
      await channel.deleteQueue(`${q}-in`);
      await channel.deleteQueue(`${q}-out`);
    }
  });

  it('reads queue sizes from the management API when it answers', { timeout: 15_000 }, async (t) => {
    if (!(await available(t))) return;
    if (!(await tcpProbe(HOST, 15672)().then(() => true, () => false))) return t.skip(`management API not enabled at ${HOST}:15672 (counts use passive declares)`);
    const admin = new AmqpAdmin({ ...options, monitoringUrl: 'http://{host}:15672' });
    try {
      assert.equal(admin.monitoringUrl, `http://${HOST}:15672/`);
      assert.deepEqual(await admin.inFlight([`absent-${RUN_ID}`]), { [`absent-${RUN_ID}`]: 0 });
    } finally {
      await admin.close();
    }
  });
});
