/**
 * Events/second through real bot processes on each broker: one taxonomy
 * expert draining a pre-filled queue, and a 4-bot pipeline
 * (taxonomy → url2fqdn-like expert → taxonomy → file output), with the peak
 * RSS of every bot (VmHWM).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createBroker } from '../src/pipeline/factory.ts';
import { createAdmin } from '../src/pipeline/factory.ts';
import { Event } from '../src/message/index.ts';
import { createBotnet, waitFor } from '../test/runtime/botnet.ts';

export interface PipelineBenchResult {
  broker: string;
  scenario: string;
  events: number;
  perSecond: number;
  peakRssMiB: Record<string, number>;
}

export const BROKER_GLOBALS: Record<string, Record<string, unknown>> = {
  embedded: { source_pipeline_broker: 'embedded', destination_pipeline_broker: 'embedded' },
  redis: { source_pipeline_broker: 'redis', destination_pipeline_broker: 'redis', source_pipeline_db: 11, destination_pipeline_db: 11 },
  amqp: { source_pipeline_broker: 'amqp', destination_pipeline_broker: 'amqp', source_pipeline_port: 5672, destination_pipeline_port: 5672 },
};

function sampleEvent(i: number): string {
  const e = new Event();
  e.add('feed.name', 'Bench Feed');
  e.add('feed.url', 'https://example.com/feed.csv');
  e.add('time.observation', '2024-05-01T10:00:00+00:00');
  e.add('time.source', '2024-05-01T09:58:12+00:00');
  e.add('source.ip', `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
  e.add('source.port', 40000 + (i % 1000));
  e.add('source.url', `http://host-${i % 5000}.example.com/path`);
  e.add('classification.type', 'scanner');
  e.add('extra.n', i);
  e.add('raw', `10.0.0.1,host-${i}.example.com`);
  return e.serialize();
}

function peakRss(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /VmHWM:\s+(\d+) kB/.exec(status);
  return m ? Math.round(Number(m[1]) / 102.4) / 10 : 0;
}

async function prefill(global: Record<string, unknown>, root: string, queue: string, n: number): Promise<void> {
  const path = join(root, 'var/lib/pipeline.sqlite3');
  const producer = createBroker({ ...global, embedded_pipeline_path: path }, 'destination', { queues: { _default: [queue] }, defaultEmbeddedPath: path });
  await producer.connect();
  let batch: Array<{ message: string }> = [];
  for (let i = 0; i < n; i++) {
    batch.push({ message: sampleEvent(i) });
    if (batch.length === 2000) {
      await producer.sendBatch(batch);
      batch = [];
    }
  }
  if (batch.length) await producer.sendBatch(batch);
  await producer.disconnect();
}

export async function benchPipeline(broker: string, scenario: 'one-expert' | 'four-bots', n: number): Promise<PipelineBenchResult> {
  const tag = `b${Math.random().toString(16).slice(2, 8)}`;
  const global = { ...BROKER_GLOBALS[broker], logging_level: 'WARNING', statistics_port: 1, error_retry_delay: 1 };
  const ids = scenario === 'one-expert' ? [`${tag}-tax`] : [`${tag}-tax`, `${tag}-url`, `${tag}-tax2`, `${tag}-out`];
  const net = createBotnet((root) => {
    const rt: Record<string, unknown> = { global: { ...global, embedded_pipeline_path: join(root, 'var/lib/pipeline.sqlite3') } };
    const modules = scenario === 'one-expert'
      ? ['intelmq.bots.experts.taxonomy.expert']
      : ['intelmq.bots.experts.taxonomy.expert', 'intelmq.bots.experts.url2fqdn.expert', 'intelmq.bots.experts.taxonomy.expert', 'intelmq.bots.outputs.file.output'];
    ids.forEach((id, i) => {
      const next = ids[i + 1] ?? `${tag}-sink`;
      const isOutput = modules[i]!.includes('.outputs.');
      rt[id] = { module: modules[i], name: id, group: isOutput ? 'Output' : 'Expert', parameters: isOutput ? { file: join(root, 'out.txt') } : { destination_queues: { _default: [`${next}-queue`] } } };
    });
    return rt;
  });
  try {
    await prefill({ ...global }, net.root, `${ids[0]}-queue`, n);
    const admin = createAdmin({ ...global, embedded_pipeline_path: join(net.root, 'var/lib/pipeline.sqlite3') }, { defaultEmbeddedPath: join(net.root, 'var/lib/pipeline.sqlite3') });
    const children = ids.map((id) => net.start(id));
    await Promise.all(ids.map((id) => net.waitReady(id, 60_000)));
    const t0 = performance.now();
    const done = async () => {
      if (scenario === 'one-expert') {
        const sink = `${tag}-sink-queue`;
        return (await admin.count([sink]))[sink] === n;
      }
      const out = join(net.root, 'out.txt');
      return existsSync(out) && readFileSync(out).toString().split('\n').length - 1 >= n;
    };
    await waitFor(done, 600_000, `${n} events through ${scenario} on ${broker}`);
    const seconds = (performance.now() - t0) / 1000;
    const peakRssMiB: Record<string, number> = {};
    ids.forEach((id, i) => (peakRssMiB[id.slice(tag.length + 1)] = peakRss(children[i]!.pid!)));
    if (scenario === 'one-expert') await admin.clear(`${tag}-sink-queue`);
    await admin.close();
    return { broker, scenario, events: n, perSecond: n / seconds, peakRssMiB };
  } finally {
    await net.stopAll();
    net.cleanup();
  }
}
