/**
 * Events/second through real bot processes on each broker, with the peak RSS
 * of every bot (VmHWM). The scenarios are the ones upstream's figures were
 * measured on: single bots draining a pre-filled queue (taxonomy,
 * deduplicator, generic CSV parser), the 4-bot pipeline of issue 3, and
 * upstream's end-to-end chain file collector → CSV parser → deduplicator →
 * taxonomy → url2fqdn → file output.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAdmin, createBroker } from '../src/pipeline/factory.ts';
import { Event, Report } from '../src/message/index.ts';
import { createBotnet, waitFor } from '../test/runtime/botnet.ts';
import { LineCounter } from './line-counter.ts';
import { RssSampler } from './rss-sampler.ts';
import { SAMPLE_FEED_PARSER_PARAMETERS } from '../src/demo/demo-runtime.ts';

export interface PipelineBenchResult {
  broker: string;
  scenario: ScenarioName;
  events: number;
  perSecond: number;
  peakRssMiB: Record<string, number>;
  /** Of the peak, the process's own memory (see RssSampler). */
  peakOwnMiB: Record<string, number>;
}

// Redis databases no test uses: the deduplicator scenario leaves ~100,000 hashes per run (for redis_cache_ttl).
export const BROKER_GLOBALS: Record<string, Record<string, unknown>> = {
  embedded: { source_pipeline_broker: 'embedded', destination_pipeline_broker: 'embedded' },
  redis: { source_pipeline_broker: 'redis', destination_pipeline_broker: 'redis', source_pipeline_db: 11, destination_pipeline_db: 11, redis_cache_db: 10 },
  amqp: { source_pipeline_broker: 'amqp', destination_pipeline_broker: 'amqp', source_pipeline_port: 5672, destination_pipeline_port: 5672, redis_cache_db: 10 },
};

const MODULE = {
  fileCollector: 'intelmq.bots.collectors.file.collector_file',
  csvParser: 'intelmq.bots.parsers.generic.parser_csv',
  taxonomy: 'intelmq.bots.experts.taxonomy.expert',
  deduplicator: 'intelmq.bots.experts.deduplicator.expert',
  url2fqdn: 'intelmq.bots.experts.url2fqdn.expert',
  fileOutput: 'intelmq.bots.outputs.file.output',
} as const;

const GROUPS: Record<string, string> = { collectors: 'Collector', parsers: 'Parser', experts: 'Expert', outputs: 'Output' };
const CSV_HEADER = 'timestamp,ip,domain,url,type,description';
const CSV_PARAMETERS = SAMPLE_FEED_PARSER_PARAMETERS;
const DEDUPLICATOR_PARAMETERS = { filter_type: 'blacklist', filter_keys: 'raw,time.observation', redis_cache_ttl: 600 };
const LINES_PER_REPORT = 1000;

interface BotSpec {
  readonly name: string;
  readonly module: string;
  readonly parameters?: Record<string, unknown>;
}

/** What is in place before the clock starts, and which bots start only after it did. */
type Input = 'events' | 'reports' | 'one-report' | 'feed-file';

interface Scenario {
  readonly bots: readonly BotSpec[];
  readonly input: Input;
}

const SCENARIOS = {
  taxonomy: { input: 'events', bots: [{ name: 'tax', module: MODULE.taxonomy }] },
  deduplicator: { input: 'events', bots: [{ name: 'dedup', module: MODULE.deduplicator, parameters: DEDUPLICATOR_PARAMETERS }] },
  'csv-parser': { input: 'reports', bots: [{ name: 'csv', module: MODULE.csvParser, parameters: CSV_PARAMETERS }] },
  'csv-one-report': { input: 'one-report', bots: [{ name: 'csv', module: MODULE.csvParser, parameters: CSV_PARAMETERS }] },
  'four-bots': {
    input: 'events',
    bots: [
      { name: 'tax', module: MODULE.taxonomy },
      { name: 'url', module: MODULE.url2fqdn },
      { name: 'tax2', module: MODULE.taxonomy },
      { name: 'out', module: MODULE.fileOutput },
    ],
  },
  'upstream-chain': {
    input: 'feed-file',
    bots: [
      { name: 'coll', module: MODULE.fileCollector },
      { name: 'csv', module: MODULE.csvParser, parameters: CSV_PARAMETERS },
      { name: 'dedup', module: MODULE.deduplicator, parameters: DEDUPLICATOR_PARAMETERS },
      { name: 'tax', module: MODULE.taxonomy },
      { name: 'url', module: MODULE.url2fqdn },
      { name: 'out', module: MODULE.fileOutput },
    ],
  },
} as const satisfies Record<string, Scenario>;

export type ScenarioName = keyof typeof SCENARIOS;
export const SCENARIO_NAMES = Object.keys(SCENARIOS) as ScenarioName[];

export const SCENARIO_TITLES: Record<ScenarioName, string> = {
  taxonomy: 'one taxonomy expert',
  deduplicator: 'one deduplicator',
  'csv-parser': `one generic CSV parser (reports of ${LINES_PER_REPORT} lines)`,
  'csv-one-report': 'one generic CSV parser, all lines in one report',
  'four-bots': 'taxonomy → url2fqdn → taxonomy → file output',
  'upstream-chain': 'file collector → CSV parser → deduplicator → taxonomy → url2fqdn → file output',
};

/** One feed line; `tag` keeps runs apart in the deduplicator's cache. */
function csvLine(i: number, tag: string): string {
  const host = `host-${i % 5000}.example.com`;
  return `2024-05-01T09:58:12Z,10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255},${host},http://${host}/p/${i},scanner,bench ${tag} ${i}`;
}

function sampleEvent(i: number, tag: string): string {
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
  // Hashed by the deduplicator (raw and time.observation are not): runs must not look like repeats of each other.
  e.add('extra.run', tag);
  e.add('raw', `${tag},10.0.0.1,host-${i}.example.com`);
  return e.serialize();
}

function sampleReport(first: number, tag: string, lineCount = LINES_PER_REPORT): string {
  const r = new Report();
  r.add('feed.name', 'Bench Feed');
  r.add('feed.url', 'https://example.com/feed.csv');
  r.add('time.observation', '2024-05-01T10:00:00+00:00');
  const lines = [CSV_HEADER];
  for (let i = first; i < first + lineCount; i++) lines.push(csvLine(i, tag));
  r.add('raw', `${lines.join('\n')}\n`);
  return r.serialize();
}


async function prefill(global: Record<string, unknown>, path: string, queue: string, messages: Iterable<string>): Promise<void> {
  const producer = createBroker({ ...global, embedded_pipeline_path: path }, 'destination', { queues: { _default: [queue] }, defaultEmbeddedPath: path });
  await producer.connect();
  let batch: Array<{ message: string }> = [];
  for (const message of messages) {
    batch.push({ message });
    if (batch.length === 2000) {
      await producer.sendBatch(batch);
      batch = [];
    }
  }
  if (batch.length) await producer.sendBatch(batch);
  await producer.disconnect();
}

function* generate(n: number, make: (i: number) => string, step = 1): Generator<string> {
  for (let i = 0; i < n; i += step) yield make(i);
}

/** How many events a scenario moves: `n` rounded down to whole reports where reports are the input. */
export function scenarioEvents(scenario: ScenarioName, n: number): number {
  const input: Input = SCENARIOS[scenario].input;
  return input === 'events' || input === 'one-report' ? n : Math.max(1, Math.floor(n / LINES_PER_REPORT)) * LINES_PER_REPORT;
}

export async function benchPipeline(broker: string, scenario: ScenarioName, requested: number, extraGlobals: Record<string, unknown> = {}): Promise<PipelineBenchResult> {
  const n = scenarioEvents(scenario, requested);
  const { bots, input } = SCENARIOS[scenario] as Scenario;
  const tag = `b${Math.random().toString(16).slice(2, 8)}`;
  const global = { ...BROKER_GLOBALS[broker], logging_level: 'WARNING', statistics_port: 1, error_retry_delay: 1, ...extraGlobals };
  const ids = bots.map((bot) => `${tag}-${bot.name}`);
  const sinkQueue = `${tag}-sink-queue`;
  const endsInOutput = bots.at(-1)!.module === MODULE.fileOutput;
  const net = createBotnet((root) => {
    const rt: Record<string, unknown> = { global: { ...global, embedded_pipeline_path: join(root, 'var/lib/pipeline.sqlite3') } };
    bots.forEach((bot, i) => {
      const next = ids[i + 1] === undefined ? sinkQueue : `${ids[i + 1]}-queue`;
      const parameters: Record<string, unknown> = { ...bot.parameters };
      if (bot.module === MODULE.fileOutput) parameters['file'] = join(root, 'out.txt');
      else parameters['destination_queues'] = { _default: [next] };
      if (bot.module === MODULE.fileCollector) Object.assign(parameters, { path: join(root, 'feed'), postfix: '.csv', delete_file: true, chunk_size: 65536, rate_limit: 3600 });
      rt[ids[i]!] = { module: bot.module, name: bot.name, group: GROUPS[bot.module.split('.')[2]!], parameters };
    });
    return rt;
  });
  const pipelinePath = join(net.root, 'var/lib/pipeline.sqlite3');
  const admin = createAdmin({ ...global, embedded_pipeline_path: pipelinePath }, { defaultEmbeddedPath: pipelinePath });
  try {
    const firstQueue = `${ids[0]}-queue`;
    if (input === 'events') await prefill(global, pipelinePath, firstQueue, generate(n, (i) => sampleEvent(i, tag)));
    if (input === 'reports') await prefill(global, pipelinePath, firstQueue, generate(n, (i) => sampleReport(i, tag), LINES_PER_REPORT));
    if (input === 'one-report') await prefill(global, pipelinePath, firstQueue, [sampleReport(0, tag, n)]);
    if (input === 'feed-file') {
      mkdirSync(join(net.root, 'feed'));
      writeFileSync(join(net.root, 'feed', 'bench.csv'), `${[CSV_HEADER, ...generate(n, (i) => csvLine(i, tag))].join('\n')}\n`);
    }
    // A collector starts reading at once, so it starts after the clock; everything downstream is ready before.
    const startsLate = (i: number) => bots[i]!.module === MODULE.fileCollector;
    const children = new Map(ids.map((id, i) => [id, startsLate(i) ? undefined : net.start(id)]));
    await Promise.all(ids.filter((_, i) => !startsLate(i)).map((id) => net.waitReady(id, 60_000)));
    const t0 = performance.now();
    ids.forEach((id, i) => startsLate(i) && children.set(id, net.start(id)));
    const out = new LineCounter(join(net.root, 'out.txt'));
    const memory = new RssSampler(() => [...children.values()].flatMap((c) => (c?.pid ? [c.pid] : [])));
    const done = async () => (endsInOutput ? out.count() >= n : (await admin.count([sinkQueue]))[sinkQueue]! >= n);
    try {
      await waitFor(done, 600_000, `${n} events through ${scenario} on ${broker}`);
    } finally {
      memory.stop();
    }
    const seconds = (performance.now() - t0) / 1000;
    const peakRssMiB: Record<string, number> = {};
    const peakOwnMiB: Record<string, number> = {};
    bots.forEach((bot, i) => {
      const pid = children.get(ids[i]!)!.pid!;
      peakRssMiB[bot.name] = memory.peakMiB(pid);
      peakOwnMiB[bot.name] = memory.peakOwnMiB(pid);
    });
    if (!endsInOutput) await admin.clear(sinkQueue);
    return { broker, scenario, events: n, perSecond: n / seconds, peakRssMiB, peakOwnMiB };
  } finally {
    await admin.close();
    await net.stopAll();
    net.cleanup();
  }
}
