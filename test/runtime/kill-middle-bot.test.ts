/**
 * At-least-once, for every broker: 10,000 events through a 3-bot pipeline
 * (expert → expert → file output); the middle bot is SIGKILLed at a random
 * point and restarted. Every event must arrive; duplicates are allowed and
 * reported.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createBroker } from '../../src/pipeline/factory.ts';
import { Event } from '../../src/message/index.ts';
import { requireService, tcpProbe } from '../helpers/services.ts';
import { createBotnet, waitFor } from './botnet.ts';

const N = 10_000;

const BROKERS: Array<{ name: string; global: Record<string, unknown>; probe?: [string, () => Promise<void>] }> = [
  { name: 'embedded', global: { source_pipeline_broker: 'embedded', destination_pipeline_broker: 'embedded' } },
  {
    name: 'redis',
    global: { source_pipeline_broker: 'redis', destination_pipeline_broker: 'redis', source_pipeline_db: 12, destination_pipeline_db: 12 },
    probe: ['redis at 127.0.0.1:6379', tcpProbe('127.0.0.1', 6379)],
  },
  {
    name: 'amqp',
    global: { source_pipeline_broker: 'amqp', destination_pipeline_broker: 'amqp', source_pipeline_port: 5672, destination_pipeline_port: 5672, source_pipeline_username: 'guest', source_pipeline_password: 'guest', destination_pipeline_username: 'guest', destination_pipeline_password: 'guest' },
    probe: ['rabbitmq at 127.0.0.1:5672', tcpProbe('127.0.0.1', 5672)],
  },
];

for (const b of BROKERS) {
  test(`${b.name}: SIGKILL of the middle bot loses no event`, { timeout: 180_000 }, async (t) => {
    if (b.probe && !(await requireService(t, b.probe[0], b.probe[1]))) return;
    const tag = `k${randomBytes(3).toString('hex')}`;
    const [first, middle, out] = [`${tag}-first`, `${tag}-middle`, `${tag}-out`];
    const global = { ...b.global, logging_level: 'INFO', error_retry_delay: 1, statistics_port: 1, batch_size: 50 };
    const net = createBotnet((root) => ({
      global: { ...global, embedded_pipeline_path: join(root, 'var/lib/pipeline.sqlite3') },
      [first]: { module: 'intelmq.bots.experts.taxonomy.expert', group: 'Expert', name: 'first', parameters: { destination_queues: { _default: [`${middle}-queue`] } } },
      [middle]: { module: 'intelmq.bots.experts.taxonomy.expert', group: 'Expert', name: 'middle', parameters: { destination_queues: { _default: [`${out}-queue`] } } },
      [out]: { module: 'intelmq.bots.outputs.file.output', group: 'Output', name: 'out', parameters: { file: join(root, 'events.txt') } },
    }));
    const file = join(net.root, 'events.txt');
    try {
      const producer = createBroker({ ...global, embedded_pipeline_path: join(net.root, 'var/lib/pipeline.sqlite3') }, 'destination', {
        queues: { _default: [`${first}-queue`] },
        defaultEmbeddedPath: join(net.root, 'var/lib/pipeline.sqlite3'),
      });
      await producer.connect();
      const batch = [];
      for (let i = 0; i < N; i++) {
        const e = new Event();
        e.add('source.ip', `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
        e.add('extra.n', i);
        e.add('classification.type', 'scanner');
        batch.push({ message: e.serialize() });
        if (batch.length === 1000) await producer.sendBatch(batch.splice(0));
      }
      await producer.disconnect();
      for (const id of [first, middle, out]) net.start(id);
      await Promise.all([first, middle, out].map((id) => net.waitReady(id)));
      // The output bot may be half-way through a line: only lines with their newline count.
      const lines = () => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').slice(0, -1) : []);
      const killAt = 1000 + Math.floor(Math.random() * (N / 2));
      await waitFor(() => lines().length >= killAt, 60_000, `${killAt} events in the output`);
      process.kill(readState(net.root, middle), 'SIGKILL');
      await new Promise((r) => setTimeout(r, 300));
      net.start(middle);
      await net.waitReady(middle);
      const seen = new Map<number, number>();
      await waitFor(() => {
        seen.clear();
        for (const l of lines()) {
          const n = (JSON.parse(l) as Record<string, number>)['extra.n']!;
          seen.set(n, (seen.get(n) ?? 0) + 1);
        }
        return seen.size >= N;
      }, 120_000, `all ${N} events in the output`);
      const duplicates = [...seen.values()].reduce((a, c) => a + c - 1, 0);
      t.diagnostic(`${b.name}: killed the middle bot after ${killAt} events; ${N} distinct events arrived, ${duplicates} duplicate(s)`);
      for (let i = 0; i < N; i++) assert.ok(seen.has(i), `event ${i} is missing`);
    } finally {
      await net.stopAll();
      net.cleanup();
    }
  });
}

function readState(root: string, id: string): number {
  return (JSON.parse(readFileSync(join(root, 'var/run', `${id}.state`), 'utf8')) as { pid: number }).pid;
}
