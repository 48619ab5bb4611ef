/**
 * SIGTERM while a bot is in the middle of a batch: it finishes the batch,
 * enqueues its outputs and acknowledges it, exits 0, and a restart processes
 * the rest — nothing lost, nothing processed twice.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { requireService } from '../helpers/services.ts';
import { createBotnet, waitFor } from './botnet.ts';
import { botLog, delivery, exitCode, globalsFor, numberedEvents, queueClient, serviceOf, sleep, tally, type BrokerName } from './helpers-pipeline.ts';

const N = 60;
const BATCH = 10;
/** Per event, so one batch takes BATCH * SLEEP_S = 0.5 s: long enough to hit it reliably. */
const SLEEP_S = 0.05;

for (const broker of ['embedded', 'redis'] as const satisfies readonly BrokerName[]) {
  test(`${broker}: SIGTERM during a batch finishes and acknowledges it, exits 0, and a restart processes the rest`, { timeout: 60_000 }, async (t) => {
    const service = serviceOf(broker);
    if (service && !(await requireService(t, ...service))) return;
    const tag = `st${randomBytes(3).toString('hex')}`;
    const id = `${tag}-wait`;
    const [input, output] = [`${id}-queue`, `${tag}-out-queue`];
    const settings = (root: string) => ({ ...globalsFor(broker, root), batch_size: BATCH });
    const net = createBotnet((root) => ({
      global: settings(root),
      [id]: { module: 'intelmq.bots.experts.wait.expert', group: 'Expert', name: 'wait', parameters: { sleep_time: SLEEP_S, destination_queues: { _default: [output] } } },
    }));
    const queues = queueClient(broker, settings(net.root));
    try {
      await queues.push(input, numberedEvents(N));
      const child = net.start(id);
      await net.waitReady(id);
      await waitFor(async () => (await queues.count(output)) >= BATCH, 20_000, 'the first batch in the output queue');
      // Catch the moment a batch completes, then signal well inside the next one.
      const done = await queues.count(output);
      for (const until = Date.now() + 10_000; (await queues.count(output)) === done; await sleep(5)) {
        if (Date.now() > until) throw new Error(`the bot stopped working: ${done} events out for 10 s`);
      }
      const before = await queues.count(output);
      assert.ok(before < N, 'the bot must still be busy when signalled');
      await sleep((BATCH * SLEEP_S * 1000) / 4);
      const signalled = Date.now();
      child.kill('SIGTERM');
      const code = await exitCode(child, 10_000);
      const stopMs = Date.now() - signalled;
      t.diagnostic(`${broker}: exited ${code} after ${stopMs} ms; ${before} events out before the signal`);

      assert.equal(code, 0, `exit code; log:\n${botLog(net.root, id).slice(-2000)}`);
      assert.match(botLog(net.root, id), /Bot stopped\./);
      assert.equal(await queues.inFlight(input), 0, 'the batch in flight was acknowledged');
      const after = await queues.count(output);
      assert.equal(after, before + BATCH, 'the batch in flight was finished and its outputs enqueued');
      assert.equal((await queues.count(input)) + after, N, 'every event is either still waiting or done, exactly once');

      net.start(id);
      await net.waitReady(id);
      await waitFor(async () => (await queues.count(output)) >= N, 20_000, `all ${N} events in the output queue`);
      await net.stopAll();
      const { missing, duplicates } = delivery(tally(await queues.drain(output)), N);
      assert.deepEqual(missing, [], 'missing events');
      assert.equal(duplicates, 0, 'no event may be processed twice after a graceful stop');
    } finally {
      await net.stopAll();
      await queues.close();
      net.cleanup();
    }
  });
}
