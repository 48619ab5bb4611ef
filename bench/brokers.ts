import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import amqp from 'amqplib';
import { Redis } from 'ioredis';
import type { Broker, BrokerKind, PipelineConfig } from '../src/pipeline/broker.ts';
import { AmqpBroker } from '../src/pipeline/amqp.ts';
import type { AmqpConnectionOptions } from '../src/pipeline/amqp-connection.ts';
import { EmbeddedBroker } from '../src/pipeline/embedded.ts';
import type { RedisConnectionOptions } from '../src/pipeline/redis-connection.ts';
import { RedisBroker } from '../src/pipeline/redis.ts';
import { tcpProbe } from '../test/helpers/services.ts';

export interface BenchOptions {
  /** Messages pre-filled into the input queue. */
  readonly messages?: number;
  readonly batchSizes?: readonly number[];
  readonly brokers?: readonly BrokerKind[];
  readonly redis?: RedisConnectionOptions;
  readonly amqp?: AmqpConnectionOptions;
}

export interface BenchResult {
  readonly broker: BrokerKind;
  readonly batch: number;
  readonly messages: number;
  /** Producer throughput while pre-filling (batches of 1000). */
  readonly fillPerSecond: number;
  /** Throughput of the receive → send → acknowledge loop. */
  readonly relayPerSecond: number;
  readonly skipped?: string;
}

const REDIS: RedisConnectionOptions = { host: '127.0.0.1', port: 6379, db: 14, password: null, socketTimeout: null };
const AMQP: AmqpConnectionOptions = {
  host: '127.0.0.1', port: 5672, username: 'guest', password: 'guest', vhost: '/', ssl: false, exchange: '', socketTimeout: 10, connectionName: 'intelmq-ts bench',
};

/** A typical event on the wire: about 600 bytes of JSON. */
function event(i: number): string {
  const text = JSON.stringify({
    'feed.name': 'Bench Feed', 'feed.provider': 'intelmq-ts', 'feed.accuracy': 100.0, 'feed.url': 'https://feed.example.org/list.csv',
    'time.observation': '2024-05-01T10:00:00+00:00', 'time.source': '2024-05-01T09:59:00+00:00', 'classification.type': 'infected-system',
    'classification.taxonomy': 'malicious-code', 'malware.name': 'bench-bot', 'source.ip': `192.0.2.${i % 250}`, 'source.port': 1024 + (i % 60000),
    'source.asn': 64496, 'source.geolocation.cc': 'AT', 'destination.ip': '198.51.100.7', 'destination.port': 443, 'protocol.transport': 'tcp',
    'extra.sequence': i, 'raw': Buffer.from(`192.0.2.${i % 250},bench-bot,2024-05-01 09:59:00`).toString('base64'),
  });
  return text.padEnd(600, ' ');
}

/**
 * Per broker: pre-fills a queue with `messages` events, then times a relay
 * (one source and one destination broker, like a bot) that receives a batch,
 * sends it on and acknowledges it, until the input is empty. Prints a table
 * and returns the rows; unreachable brokers are reported as skipped.
 */
export async function benchBrokers(options: BenchOptions = {}): Promise<BenchResult[]> {
  const messages = options.messages ?? 100_000;
  const results: BenchResult[] = [];
  for (const kind of options.brokers ?? ['embedded', 'redis', 'amqp']) {
    for (const batch of options.batchSizes ?? [100]) {
      results.push(await benchOne(kind, batch, messages, options));
    }
  }
  printTable(results);
  return results;
}

async function benchOne(kind: BrokerKind, batch: number, messages: number, options: BenchOptions): Promise<BenchResult> {
  const run = `bench-${process.pid}-${batch}`;
  const queues = { input: `${run}-in`, output: `${run}-out` };
  const target = await open(kind, options);
  if (typeof target === 'string') return { broker: kind, batch, messages, fillPerSecond: 0, relayPerSecond: 0, skipped: target };
  try {
    const producer = target.broker(config({ destinations: { _default: [queues.input] } }));
    await producer.connect();
    const filling = performance.now();
    for (let i = 0; i < messages; i += 1000) {
      await producer.sendBatch(Array.from({ length: Math.min(1000, messages - i) }, (_, j) => ({ message: event(i + j) })));
    }
    const fillSeconds = (performance.now() - filling) / 1000;
    await producer.disconnect();

    const source = target.broker(config({ sourceQueue: queues.input }));
    const destination = target.broker(config({ destinations: { _default: [queues.output] } }));
    await source.connect();
    await destination.connect();
    const relaying = performance.now();
    let relayed = 0;
    while (relayed < messages) {
      const received = await source.receiveBatch(batch, 2000);
      if (received.length === 0) throw new Error(`${kind}: input ran dry after ${relayed} of ${messages} messages`);
      await destination.sendBatch(received.map((message) => ({ message: String(message) })), { acknowledge: source });
      relayed += received.length;
    }
    const relaySeconds = (performance.now() - relaying) / 1000;
    const left = await source.count(queues.input);
    const out = await destination.count(queues.output);
    await source.disconnect();
    await destination.disconnect();
    if (left !== 0 || out !== messages) throw new Error(`${kind}: ${left} left in the input, ${out} of ${messages} in the output`);
    return { broker: kind, batch, messages, fillPerSecond: messages / fillSeconds, relayPerSecond: messages / relaySeconds };
  } finally {
    await target.cleanup([queues.input, queues.output]);
  }
}

interface Target {
  broker(config: PipelineConfig): Broker;
  cleanup(queues: readonly string[]): Promise<void>;
}

/** A fresh place to run on, or the reason the broker cannot be benchmarked here. */
async function open(kind: BrokerKind, options: BenchOptions): Promise<Target | string> {
  switch (kind) {
    case 'embedded': {
      const dir = mkdtempSync(join(tmpdir(), 'intelmq-bench-'));
      return {
        broker: (config) => new EmbeddedBroker(config, { path: join(dir, 'broker.sqlite3') }),
        cleanup: async () => rmSync(dir, { recursive: true, force: true }),
      };
    }
    case 'redis': {
      const redis = options.redis ?? REDIS;
      const reason = await unreachable(redis.host, redis.port);
      if (reason !== null) return reason;
      return {
        broker: (config) => new RedisBroker(config, redis),
        cleanup: async (queues) => {
          const client = new Redis({ host: redis.host, port: redis.port, db: redis.db, ...(redis.password === null ? {} : { password: redis.password }) });
          await client.del(...queues.flatMap((q) => [q, `${q}-internal`]));
          client.disconnect();
        },
      };
    }
    case 'amqp': {
      const server = options.amqp ?? AMQP;
      const reason = await unreachable(server.host, server.port);
      if (reason !== null) return reason;
      return {
        broker: (config) => new AmqpBroker(config, server),
        cleanup: async (queues) => {
          const model = await amqp.connect({ hostname: server.host, port: server.port, vhost: server.vhost, username: server.username ?? 'guest', password: server.password ?? 'guest' });
          const channel = await model.createChannel();
          for (const queue of queues) await channel.deleteQueue(queue);
          await model.close();
        },
      };
    }
  }
}

async function unreachable(host: string, port: number): Promise<string | null> {
  return tcpProbe(host, port)().then(
    () => null,
    (error: unknown) => `unreachable at ${host}:${port} (${error instanceof Error ? error.message : String(error)})`,
  );
}

function config(overrides: Partial<PipelineConfig>): PipelineConfig {
  return { sourceQueue: null, destinations: {}, loadBalance: false, worker: 0, workers: 1, logger: () => {}, ...overrides };
}

function printTable(results: readonly BenchResult[]): void {
  const rows = [
    ['broker', 'batch', 'messages', 'fill msg/s', 'relay msg/s'],
    ...results.map((r) => r.skipped === undefined
      ? [r.broker, String(r.batch), String(r.messages), Math.round(r.fillPerSecond).toString(), Math.round(r.relayPerSecond).toString()]
      : [r.broker, String(r.batch), String(r.messages), 'skipped', r.skipped]),
  ];
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  for (const row of rows) console.log(row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  '));
}
