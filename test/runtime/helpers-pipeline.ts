/**
 * Shared pieces of the runtime acceptance tests: broker settings per broker
 * kind, a test-side client for filling, counting and draining queues, the
 * numbered test events, and readers for bot logs and output files.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { createBroker } from '../../src/pipeline/factory.ts';
import { EmbeddedAdmin } from '../../src/pipeline/embedded.ts';
import type { Broker } from '../../src/pipeline/broker.ts';
import { DecodingError } from '../../src/message/errors.ts';
import { Event } from '../../src/message/index.ts';
import { tcpProbe, type Probe } from '../helpers/services.ts';

export type BrokerName = 'embedded' | 'redis' | 'amqp';

export const REDIS_SERVICE: [string, Probe] = ['redis at 127.0.0.1:6379', tcpProbe('127.0.0.1', 6379)];
export const RABBITMQ_SERVICE: [string, Probe] = ['rabbitmq at 127.0.0.1:5672', tcpProbe('127.0.0.1', 5672)];

/** The shared Redis is used by other suites too: our own database, and unique queue names per test. */
const SHARED_REDIS_DB = 12;

/** The service a broker needs, if any. */
export function serviceOf(broker: BrokerName): [string, Probe] | null {
  return broker === 'redis' ? REDIS_SERVICE : broker === 'amqp' ? RABBITMQ_SERVICE : null;
}

export interface BrokerOverrides {
  /** A private redis-server instead of the shared one. */
  redisPort?: number;
  redisDb?: number;
}

/**
 * Global runtime.yaml settings for `broker` in the installation at `root`.
 * Statistics go to port 1 (nothing listens), so no test writes into a real
 * Redis it does not own; retries are quick so failing messages cost little.
 */
export function globalsFor(broker: BrokerName, root: string, o: BrokerOverrides = {}): Record<string, unknown> {
  const common = { logging_level: 'INFO', statistics_port: 1, error_retry_delay: 1, batch_size: 50, embedded_pipeline_path: join(root, 'var/lib/pipeline.sqlite3') };
  switch (broker) {
    case 'embedded':
      return { ...common, source_pipeline_broker: 'embedded', destination_pipeline_broker: 'embedded' };
    case 'redis': {
      const port = o.redisPort ?? 6379;
      const db = o.redisDb ?? SHARED_REDIS_DB;
      return { ...common, source_pipeline_broker: 'redis', destination_pipeline_broker: 'redis', source_pipeline_port: port, destination_pipeline_port: port, source_pipeline_db: db, destination_pipeline_db: db };
    }
    case 'amqp':
      return {
        ...common,
        source_pipeline_broker: 'amqp',
        destination_pipeline_broker: 'amqp',
        source_pipeline_port: 5672,
        destination_pipeline_port: 5672,
        source_pipeline_username: 'guest',
        source_pipeline_password: 'guest',
        destination_pipeline_username: 'guest',
        destination_pipeline_password: 'guest',
      };
  }
}

/** What the test itself does with queues, through the same broker code the bots use. */
export interface QueueClient {
  push(queue: string, messages: readonly string[]): Promise<void>;
  /** Waiting messages (not in flight). */
  count(queue: string): Promise<number>;
  /** Messages received by the consumers of `queue` and not yet acknowledged (Redis and embedded only). */
  inFlight(queue: string): Promise<number>;
  /** Takes (and acknowledges) every waiting message of `queue`, oldest first. */
  drain(queue: string): Promise<string[]>;
  close(): Promise<void>;
}

export function queueClient(broker: BrokerName, globals: Record<string, unknown>): QueueClient {
  const defaultEmbeddedPath = String(globals['embedded_pipeline_path']);
  const senders = new Map<string, Broker>();
  const opened: Broker[] = [];
  let redis: Redis | null = null;
  let admin: EmbeddedAdmin | null = null;
  const sender = async (queue: string): Promise<Broker> => {
    let b = senders.get(queue);
    if (b === undefined) {
      b = createBroker(globals, 'destination', { queues: { _default: [queue] }, defaultEmbeddedPath, connectionName: `test producer ${queue}` });
      await b.connect();
      senders.set(queue, b);
      opened.push(b);
    }
    return b;
  };
  return {
    async push(queue, messages) {
      const b = await sender(queue);
      for (let i = 0; i < messages.length; i += 1000) await b.sendBatch(messages.slice(i, i + 1000).map((message) => ({ message })));
    },
    async count(queue) {
      return (await sender(queue)).count(queue);
    },
    async inFlight(queue) {
      if (broker === 'redis') {
        redis ??= new Redis({ port: Number(globals['source_pipeline_port']), db: Number(globals['source_pipeline_db']) });
        return redis.llen(`${queue}-internal`);
      }
      if (broker === 'embedded') {
        admin ??= new EmbeddedAdmin({ path: defaultEmbeddedPath });
        return (await admin.inFlight([queue]))[queue] ?? 0;
      }
      throw new Error('in-flight messages of AMQP are unacknowledged deliveries; they cannot be counted from outside');
    },
    async drain(queue) {
      const consumer = createBroker(globals, 'source', { queues: queue, defaultEmbeddedPath, connectionName: `test consumer ${queue}` });
      await consumer.connect();
      const out: string[] = [];
      try {
        for (;;) {
          const batch = await consumer.receiveBatch(500, 300);
          if (batch.length === 0) return out;
          for (const m of batch) {
            if (m instanceof DecodingError) throw m;
            out.push(m);
          }
          await consumer.acknowledge();
        }
      } finally {
        await consumer.disconnect();
      }
    },
    async close() {
      for (const b of opened) await b.disconnect();
      redis?.disconnect();
      await admin?.close();
    },
  };
}

/** Wire text of test event `n`: `extra.n` identifies it in every output. */
export function numberedEvent(n: number): string {
  const e = new Event();
  e.add('source.ip', `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`);
  e.add('extra.n', n);
  e.add('classification.type', 'scanner');
  return e.serialize();
}

export function numberedEvents(count: number, from = 0): string[] {
  return Array.from({ length: count }, (_, i) => numberedEvent(from + i));
}

/** How often each event number occurs in JSON lines (output files) or wire messages. */
export function tally(jsonTexts: Iterable<string>): Map<number, number> {
  const seen = new Map<number, number>();
  for (const text of jsonTexts) {
    const n = (JSON.parse(text) as Record<string, unknown>)['extra.n'];
    if (typeof n !== 'number') throw new Error(`output without extra.n: ${text}`);
    seen.set(n, (seen.get(n) ?? 0) + 1);
  }
  return seen;
}

export interface Delivery {
  missing: number[];
  duplicates: number;
}

/** Which of the events 0 … count-1 are missing, and how many extra copies arrived. */
export function delivery(seen: ReadonlyMap<number, number>, count: number): Delivery {
  const missing: number[] = [];
  for (let i = 0; i < count; i++) if (!seen.has(i)) missing.push(i);
  let duplicates = 0;
  for (const c of seen.values()) duplicates += c - 1;
  return { missing, duplicates };
}

/** Complete lines of a file another process is appending to (a line without its newline is still being written). */
export function fileLines(file: string): string[] {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').slice(0, -1) : [];
}

export function botLog(root: string, name: string): string {
  const file = join(root, 'var/log', `${name}.log`);
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

/** Log records (first lines of entries, as intelmqctl parses them) at `level` whose message contains `text`. */
export function logRecords(root: string, name: string, level: string, text: string): string[] {
  return botLog(root, name)
    .split('\n')
    .filter((l) => l.includes(` - ${name} - ${level} - `) && l.includes(text));
}

/** The pid a running bot wrote to its state file. */
export function statePid(root: string, id: string): number {
  return (JSON.parse(readFileSync(join(root, 'var/run', `${id}.state`), 'utf8')) as { pid: number }).pid;
}

/** Resolves to the exit code, or rejects when the process is still running after `timeoutMs`. */
export function exitCode(child: ChildProcess, timeoutMs: number): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`process ${child.pid} still running after ${timeoutMs} ms`)), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
