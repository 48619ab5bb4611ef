/**
 * `instances_threads: 3`: one bot process runs three workers on the same
 * source queue, each with its own logger `<id>.<n>`. Every event comes out
 * exactly once. A collector cannot run several workers and refuses to start.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { requireService } from '../helpers/services.ts';
import { createBotnet, waitFor } from './botnet.ts';
import { botLog, delivery, exitCode, globalsFor, logRecords, numberedEvents, queueClient, serviceOf, tally, type BrokerName } from './helpers-pipeline.ts';

const N = 5000;
const THREADS = 3;

for (const broker of ['embedded', 'redis', 'amqp'] as const satisfies readonly BrokerName[]) {
  test(`${broker}: instances_threads ${THREADS} processes ${N} events exactly once, with one logger per worker`, { timeout: 90_000 }, async (t) => {
    const service = serviceOf(broker);
    if (service && !(await requireService(t, ...service))) return;
    const tag = `mt${randomBytes(3).toString('hex')}`;
    const id = `${tag}-taxonomy`;
    const [input, output] = [`${id}-queue`, `${tag}-out-queue`];
    // Counts are logged only at stop, so each worker's log tells how many events it handled.
    const settings = (root: string) => ({ ...globalsFor(broker, root), log_processed_messages_count: 10 * N });
    const net = createBotnet((root) => ({
      global: settings(root),
      [id]: { module: 'intelmq.bots.experts.taxonomy.expert', group: 'Expert', name: 'taxonomy', parameters: { instances_threads: THREADS, destination_queues: { _default: [output] } } },
    }));
    const queues = queueClient(broker, settings(net.root));
    try {
      await queues.push(input, numberedEvents(N));
      net.start(id);
      await net.waitReady(id);
      await waitFor(async () => (await queues.count(output)) >= N, 60_000, `${N} events in the output queue`);
      await net.stopAll();

      const { missing, duplicates } = delivery(tally(await queues.drain(output)), N);
      assert.deepEqual(missing, [], 'missing events');
      assert.equal(duplicates, 0, 'duplicated events');

      const perWorker: number[] = [];
      for (let i = 0; i < THREADS; i++) {
        const name = `${id}.${i}`;
        assert.ok(existsSync(join(net.root, 'var/log', `${name}.log`)), `log file ${name}.log`);
        assert.equal(logRecords(net.root, name, 'INFO', 'Connected to source queue.').length, 1, `worker ${name} logs under its own name`);
        const counts = logRecords(net.root, name, 'INFO', 'messages since last logging.').map((l) => Number(/Processed (\d+) messages/.exec(l)?.[1] ?? NaN));
        perWorker.push(counts.reduce((a, b) => a + b, 0));
      }
      t.diagnostic(`${broker}: events per worker ${perWorker.join(', ')}`);
      assert.equal(perWorker.reduce((a, b) => a + b, 0), N, 'the workers together processed every event once');
      // How the work spreads is up to the broker; that the workers run side by side is not.
      assert.ok(perWorker.filter((n) => n > 0).length > 1, `more than one worker took part: ${perWorker.join(', ')}`);
      assert.equal(logRecords(net.root, id, 'INFO', 'Bot initialization completed.').length, 1, 'the main logger keeps the plain bot id');
    } finally {
      await net.stopAll();
      await queues.close();
      net.cleanup();
    }
  });
}

test('a collector with instances_threads 2 refuses to start with a clear message', { timeout: 30_000 }, async () => {
  const id = `mt${randomBytes(3).toString('hex')}-collector`;
  const net = createBotnet((root) => ({
    global: globalsFor('embedded', root),
    [id]: {
      module: 'intelmq.bots.collectors.file.collector_file',
      group: 'Collector',
      name: 'files',
      parameters: { instances_threads: 2, path: join(root, 'incoming'), postfix: '.csv', destination_queues: { _default: [`${id}-out`] } },
    },
  }));
  mkdirSync(join(net.root, 'incoming'));
  try {
    const code = await exitCode(net.start(id), 20_000);
    const log = botLog(net.root, id);
    assert.equal(code, 1, `exit code; log:\n${log}`);
    const refusal = logRecords(net.root, id, 'CRITICAL', 'Multithreading is configured');
    assert.equal(refusal.length, 1, `one CRITICAL line explains the refusal; log:\n${log}`);
    assert.match(refusal[0]!, /instances_threads/, 'the message names the parameter to change');
    assert.doesNotMatch(log, /Bot initialization completed/);
    assert.ok(!existsSync(join(net.root, 'var/log', `${id}.0.log`)), 'no worker was started');
  } finally {
    await net.stopAll();
    net.cleanup();
  }
});
