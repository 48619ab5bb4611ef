/**
 * Backpressure with `queue_high_water_mark`: a fast expert feeds a file
 * output that is first not running at all, then slow (rate_limit). The queue
 * between them must stay near the mark — at most two batches above it —
 * instead of growing without bound; the producer says once that it pauses;
 * and every event still arrives.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { requireService } from '../helpers/services.ts';
import { createBotnet, waitFor } from './botnet.ts';
import { delivery, fileLines, globalsFor, logRecords, numberedEvents, queueClient, serviceOf, sleep, tally, type BrokerName, type Delivery } from './helpers-pipeline.ts';

const N = 600;
const MARK = 200;
/** The producer's batch size: the most it can add after one look at the queue. */
const BATCH = 20;
/** Phase 1: the output is not running; the producer must stop at the mark. */
const STALLED_MS = 1500;

interface Outcome {
  /** Largest size of the queue between the bots seen while stalled, and over the whole run. */
  stalledMax: number;
  overallMax: number;
  /** Size when the output started: shows the producer reached the mark at all. */
  stalledFinal: number;
  samples: number;
  delivered: Delivery;
  pauseLines: string[];
}

async function scenario(broker: BrokerName): Promise<Outcome> {
  const tag = `bp${randomBytes(3).toString('hex')}`;
  const [producer, output] = [`${tag}-producer`, `${tag}-out`];
  const between = `${output}-queue`;
  const settings = (root: string) => globalsFor(broker, root);
  const net = createBotnet((root) => ({
    global: settings(root),
    [producer]: {
      module: 'intelmq.bots.experts.taxonomy.expert',
      group: 'Expert',
      name: 'producer',
      parameters: { batch_size: BATCH, queue_high_water_mark: MARK, destination_queues: { _default: [between] } },
    },
    // rate_limit makes the output take one event at a time: far slower than the producer.
    [output]: { module: 'intelmq.bots.outputs.file.output', group: 'Output', name: 'out', parameters: { rate_limit: 0.005, file: join(root, 'events.txt') } },
  }));
  const file = join(net.root, 'events.txt');
  const queues = queueClient(broker, settings(net.root));
  let sampling = true;
  let max = 0;
  let samples = 0;
  const sampler = (async () => {
    while (sampling) {
      max = Math.max(max, await queues.count(between));
      samples++;
      await sleep(10);
    }
  })();
  try {
    await queues.push(`${producer}-queue`, numberedEvents(N));
    net.start(producer);
    await net.waitReady(producer);
    await sleep(STALLED_MS);
    const stalledMax = max;
    const stalledFinal = await queues.count(between);
    net.start(output);
    await net.waitReady(output);
    await waitFor(() => tally(fileLines(file)).size >= N, 60_000, `all ${N} events in the output file`);
    sampling = false;
    await sampler;
    await net.stopAll();
    return { stalledMax, stalledFinal, overallMax: max, samples, delivered: delivery(tally(fileLines(file)), N), pauseLines: logRecords(net.root, producer, 'WARNING', 'pausing intake') };
  } finally {
    sampling = false;
    await sampler.catch(() => undefined);
    await net.stopAll();
    await queues.close();
    net.cleanup();
  }
}

for (const broker of ['embedded', 'redis'] as const satisfies readonly BrokerName[]) {
  let outcome: Promise<Outcome> | undefined;
  /** One run serves all three checks, so each criterion passes or fails on its own. */
  const run = () => (outcome ??= scenario(broker));
  const gate = async (t: TestContext) => {
    const service = serviceOf(broker);
    return !service || requireService(t, ...service);
  };

  test(`${broker}: with queue_high_water_mark ${MARK} the queue stays within ${2 * BATCH} of the mark`, { timeout: 90_000 }, async (t) => {
    if (!(await gate(t))) return;
    const o = await run();
    t.diagnostic(`${broker}: ${o.samples} samples; max ${o.stalledMax} while the output was stopped (${o.stalledFinal} when it started), ${o.overallMax} overall`);
    assert.ok(o.stalledFinal >= MARK - BATCH, `the producer fills the queue up to the mark (${o.stalledFinal})`);
    assert.ok(o.stalledMax <= MARK + 2 * BATCH, `queue reached ${o.stalledMax} while the output was stopped; limit ${MARK + 2 * BATCH}`);
    assert.ok(o.overallMax <= MARK + 2 * BATCH, `queue reached ${o.overallMax}; limit ${MARK + 2 * BATCH}`);
  });

  test(`${broker}: backpressure loses no event`, { timeout: 90_000 }, async (t) => {
    if (!(await gate(t))) return;
    const { delivered } = await run();
    assert.deepEqual(delivered.missing, [], 'missing events');
    assert.equal(delivered.duplicates, 0, 'duplicated events');
  });

  test(`${broker}: the producer logs the pause once`, { timeout: 90_000 }, async (t) => {
    if (!(await gate(t))) return;
    const { pauseLines } = await run();
    assert.equal(pauseLines.length, 1, `pause warnings:\n${pauseLines.slice(0, 5).join('\n')}${pauseLines.length > 5 ? `\n… ${pauseLines.length - 5} more` : ''}`);
  });
}
