/**
 * A parser hands a large report's events on while it parses (as upstream
 * sends each event), and at-least-once still holds: killed with SIGKILL
 * while the report is in flight and some of its events already arrived,
 * the parser gets the report again after a restart and every event arrives.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createAdmin, createBroker } from '../../src/pipeline/factory.ts';
import { Report } from '../../src/message/index.ts';
import { requireService, tcpProbe } from '../helpers/services.ts';
import { createBotnet, waitFor } from './botnet.ts';

const LINES = 40_000;

const BROKERS: Array<{ name: string; global: Record<string, unknown>; probe?: [string, () => Promise<void>] }> = [
  { name: 'embedded', global: { source_pipeline_broker: 'embedded', destination_pipeline_broker: 'embedded' } },
  {
    name: 'redis',
    global: { source_pipeline_broker: 'redis', destination_pipeline_broker: 'redis', source_pipeline_db: 12, destination_pipeline_db: 12 },
    probe: ['redis at 127.0.0.1:6379', tcpProbe('127.0.0.1', 6379)],
  },
];

function bigReport(tag: string): string {
  const lines = ['ip,description'];
  // Long descriptions make ~0.5 KB events: the report's events are ~20 MB, several parts.
  for (let i = 0; i < LINES; i++) lines.push(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255},${tag} ${'d'.repeat(300)}`);
  const r = new Report();
  r.add('feed.name', 'Large');
  r.add('raw', `${lines.join('\n')}\n`);
  return r.serialize();
}

for (const b of BROKERS) {
  test(`${b.name}: a parser killed while its large report is half sent loses no event`, { timeout: 180_000 }, async (t) => {
    if (b.probe && !(await requireService(t, b.probe[0], b.probe[1]))) return;
    const tag = `l${randomBytes(3).toString('hex')}`;
    const [parser, out] = [`${tag}-csv`, `${tag}-out`];
    const global = { ...b.global, logging_level: 'INFO', error_retry_delay: 1, statistics_port: 1 };
    const net = createBotnet((root) => ({
      global: { ...global, embedded_pipeline_path: join(root, 'var/lib/pipeline.sqlite3') },
      [parser]: {
        module: 'intelmq.bots.parsers.generic.parser_csv',
        group: 'Parser',
        name: 'csv',
        parameters: { columns: ['source.ip', 'event_description.text'], skip_header: true, type: 'scanner', destination_queues: { _default: [`${out}-queue`] } },
      },
      [out]: { module: 'intelmq.bots.outputs.file.output', group: 'Output', name: 'out', parameters: { file: join(root, 'events.txt') } },
    }));
    const pipelinePath = join(net.root, 'var/lib/pipeline.sqlite3');
    const file = join(net.root, 'events.txt');
    const admin = createAdmin({ ...global, embedded_pipeline_path: pipelinePath }, { defaultEmbeddedPath: pipelinePath });
    try {
      const producer = createBroker({ ...global, embedded_pipeline_path: pipelinePath }, 'destination', { queues: { _default: [`${parser}-queue`] }, defaultEmbeddedPath: pipelinePath });
      await producer.connect();
      await producer.sendBatch([{ message: bigReport(tag) }]);
      await producer.disconnect();
      net.start(out);
      net.start(parser);
      const lines = () => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').slice(0, -1) : []);
      // Events of the report reach the output before the report is acknowledged.
      let early = 0;
      await waitFor(async () => {
        const inFlight = (await admin.inFlight([`${parser}-queue`]))[`${parser}-queue`] ?? 0;
        early = lines().length;
        return inFlight > 0 && early > 0;
      }, 60_000, 'output while the report is in flight');
      process.kill(readPid(net.root, parser), 'SIGKILL');
      await new Promise((r) => setTimeout(r, 300));
      net.start(parser);
      const seen = new Map<string, number>();
      await waitFor(() => {
        seen.clear();
        for (const l of lines()) {
          const ip = (JSON.parse(l) as Record<string, string>)['source.ip']!;
          seen.set(ip, (seen.get(ip) ?? 0) + 1);
        }
        return seen.size >= LINES;
      }, 120_000, `all ${LINES} events in the output`);
      const duplicates = [...seen.values()].reduce((a, c) => a + c - 1, 0);
      t.diagnostic(`${b.name}: ${early} events had arrived when the parser was killed; ${seen.size} distinct events arrived, ${duplicates} duplicate(s)`);
      assert.equal(seen.size, LINES);
    } finally {
      await admin.close();
      await net.stopAll();
      net.cleanup();
    }
  });
}

function readPid(root: string, id: string): number {
  return (JSON.parse(readFileSync(join(root, 'var/run', `${id}.state`), 'utf8')) as { pid: number }).pid;
}
