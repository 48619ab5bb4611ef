/**
 * A parser hands a large report's events on while it parses (as upstream
 * sends each event), and at-least-once still holds: killed with SIGKILL
 * while the report is in flight and some of its events already arrived,
 * the parser gets the report again after a restart and every event arrives.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Report } from '../../src/message/index.ts';
import { requireService } from '../helpers/services.ts';
import { createBotnet, waitFor } from './botnet.ts';
import { delivery, fileLines, globalsFor, queueClient, serviceOf, sleep, statePid, tally } from './helpers-pipeline.ts';

const LINES = 40_000;

function bigReport(tag: string): string {
  const lines = ['ip,n,description'];
  // Long descriptions make ~0.9 KB events: the report's events are ~36 MB, several parts.
  for (let i = 0; i < LINES; i++) lines.push(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255},${i},${tag} ${'d'.repeat(300)}`);
  const r = new Report();
  r.add('feed.name', 'Large');
  r.add('raw', `${lines.join('\n')}\n`);
  return r.serialize();
}

for (const broker of ['embedded', 'redis'] as const) {
  test(`${broker}: a parser killed while its large report is half sent loses no event`, { timeout: 180_000 }, async (t) => {
    const service = serviceOf(broker);
    if (service && !(await requireService(t, ...service))) return;
    const tag = `l${randomBytes(3).toString('hex')}`;
    const [parser, out] = [`${tag}-csv`, `${tag}-out`];
    const net = createBotnet((root) => ({
      global: globalsFor(broker, root),
      [parser]: {
        module: 'intelmq.bots.parsers.generic.parser_csv',
        group: 'Parser',
        name: 'csv',
        parameters: { columns: ['source.ip', 'extra.n', 'event_description.text'], data_type: { 'extra.n': 'json' }, skip_header: true, type: 'scanner', destination_queues: { _default: [`${out}-queue`] } },
      },
      [out]: { module: 'intelmq.bots.outputs.file.output', group: 'Output', name: 'out', parameters: { file: join(root, 'events.txt') } },
    }));
    const file = join(net.root, 'events.txt');
    const queues = queueClient(broker, globalsFor(broker, net.root));
    try {
      await queues.push(`${parser}-queue`, [bigReport(tag)]);
      net.start(out);
      net.start(parser);
      // Events of the report reach the output before the report is acknowledged.
      let early = 0;
      await waitFor(async () => {
        early = fileLines(file).length;
        return (await queues.inFlight(`${parser}-queue`)) > 0 && early > 0;
      }, 60_000, 'output while the report is in flight');
      process.kill(statePid(net.root, parser), 'SIGKILL');
      await sleep(300);
      net.start(parser);
      let seen = new Map<number, number>();
      await waitFor(() => (seen = tally(fileLines(file))).size >= LINES, 120_000, `all ${LINES} events in the output`);
      const { missing, duplicates } = delivery(seen, LINES);
      t.diagnostic(`${broker}: ${early} events had arrived when the parser was killed; ${seen.size} distinct events arrived, ${duplicates} duplicate(s)`);
      assert.deepEqual(missing, []);
    } finally {
      await queues.close();
      await net.stopAll();
      net.cleanup();
    }
  });
}
