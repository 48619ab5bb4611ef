/**
 * SIGHUP while messages flow: runtime.yaml gets a new output file for the
 * file output bot, the bot reloads in place (same process, log lines as
 * upstream), later events go to the new file, and every event is written once
 * — a graceful reload may at most repeat the batch it held.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { requireService } from '../helpers/services.ts';
import { createBotnet, waitFor } from './botnet.ts';
import { botLog, delivery, fileLines, globalsFor, logRecords, numberedEvents, queueClient, serviceOf, sleep, statePid, tally, type BrokerName } from './helpers-pipeline.ts';

const N = 3000;
const CHUNK = 50;
const BATCH = 50;
/** The reload happens after this many chunks were pushed, with more still to come. */
const RELOAD_AFTER_CHUNKS = 20;

for (const broker of ['embedded', 'redis'] as const satisfies readonly BrokerName[]) {
  test(`${broker}: SIGHUP with a changed runtime.yaml reloads the bot while events flow, losing none`, { timeout: 60_000 }, async (t) => {
    const service = serviceOf(broker);
    if (service && !(await requireService(t, ...service))) return;
    const tag = `hup${randomBytes(3).toString('hex')}`;
    const id = `${tag}-out`;
    const runtime = (root: string, file: string) => ({
      global: { ...globalsFor(broker, root), batch_size: BATCH },
      [id]: { module: 'intelmq.bots.outputs.file.output', group: 'Output', name: 'out', parameters: { file: join(root, file) } },
    });
    const net = createBotnet((root) => runtime(root, 'before.txt'));
    const [before, after] = [join(net.root, 'before.txt'), join(net.root, 'after.txt')];
    const queues = queueClient(broker, runtime(net.root, '').global);
    try {
      const child = net.start(id);
      await net.waitReady(id);
      const events = numberedEvents(N);
      for (let i = 0, chunk = 0; i < N; i += CHUNK, chunk++) {
        await queues.push(`${id}-queue`, events.slice(i, i + CHUNK));
        if (chunk === RELOAD_AFTER_CHUNKS) {
          writeFileSync(join(net.root, 'etc/runtime.yaml'), stringify(runtime(net.root, 'after.txt')));
          process.kill(child.pid!, 'SIGHUP');
        }
        await sleep(25);
      }
      const written = () => [...fileLines(before), ...fileLines(after)];
      await waitFor(() => tally(written()).size >= N, 30_000, `all ${N} events in the two output files`);

      const { missing, duplicates } = delivery(tally(written()), N);
      const [old, renewed] = [tally(fileLines(before)), tally(fileLines(after))];
      t.diagnostic(`${broker}: ${old.size} events before the reload, ${renewed.size} after, ${duplicates} duplicate(s)`);
      assert.deepEqual(missing, [], 'missing events');
      assert.ok(duplicates <= BATCH, `${duplicates} duplicates: more than the one batch a reload may repeat`);

      assert.equal(logRecords(net.root, id, 'INFO', 'Received SIGHUP, initializing again later.').length, 1);
      assert.equal(logRecords(net.root, id, 'INFO', 'Handling SIGHUP, initializing again now.').length, 1);
      assert.equal(logRecords(net.root, id, 'INFO', 'Bot is starting.').length, 2, 'started once, reloaded once');
      assert.equal(child.exitCode, null, `the bot reloads in place, it does not exit; log:\n${botLog(net.root, id).slice(-2000)}`);
      assert.equal(statePid(net.root, id), child.pid, 'same process after the reload');

      // The new `file` is in effect: later events go there, and only there.
      assert.ok(old.size > 0 && renewed.size > 0, 'both files got events');
      assert.ok(renewed.has(N - 1), 'the last event went to the new file');
      const onlyOld = [...old.keys()].filter((n) => !renewed.has(n));
      const onlyNew = [...renewed.keys()].filter((n) => !old.has(n));
      assert.ok(Math.max(...onlyOld) < Math.min(...onlyNew), 'no event went to the old file after the reload');
    } finally {
      await net.stopAll();
      await queues.close();
      net.cleanup();
    }
  });
}
