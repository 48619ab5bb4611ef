/**
 * The Redis server is killed and restarted while two bots stream events
 * through it (wait expert → file output, on a private redis-server whose AOF
 * keeps the queues across the restart). The bots must ride it out in the same
 * process: say once per connection that Redis is gone and once that it is
 * back (no crash loop, no restart), reconnect, and deliver every event.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { requireService } from '../helpers/services.ts';
import { createBotnet, waitFor } from './botnet.ts';
import { botLog, delivery, fileLines, globalsFor, logRecords, numberedEvents, queueClient, sleep, tally } from './helpers-pipeline.ts';
import { redisServerBinary, startRedisServer } from './helpers-redis-server.ts';

const N = 3000;
const OUTAGE_MS = 2000;

test('redis-server killed and restarted mid-stream: the bots log the outage, reconnect and lose nothing', { timeout: 90_000 }, async (t) => {
  if (!(await requireService(t, 'redis-server binary', redisServerBinary))) return;
  const server = await startRedisServer();
  const tag = `rr${randomBytes(3).toString('hex')}`;
  const [expert, output] = [`${tag}-wait`, `${tag}-out`];
  const settings = (root: string) => globalsFor('redis', root, { redisPort: server.port, redisDb: 0 });
  const net = createBotnet((root) => ({
    global: settings(root),
    // About 1 ms per event, so the stream is still going when Redis dies.
    [expert]: { module: 'intelmq.bots.experts.wait.expert', group: 'Expert', name: 'wait', parameters: { sleep_time: 0.001, destination_queues: { _default: [`${output}-queue`] } } },
    [output]: { module: 'intelmq.bots.outputs.file.output', group: 'Output', name: 'out', parameters: { file: join(root, 'events.txt') } },
  }));
  const file = join(net.root, 'events.txt');
  /** Broker connections per bot: the expert has a source and a destination, the output only a source. */
  const links = { [expert]: 2, [output]: 1 };
  try {
    const queues = queueClient('redis', settings(net.root));
    await queues.push(`${expert}-queue`, numberedEvents(N));
    await queues.close();
    const children = [net.start(expert), net.start(output)];
    await Promise.all([net.waitReady(expert), net.waitReady(output)]);
    await waitFor(() => fileLines(file).length >= N / 10, 30_000, 'the first events in the output file');

    await server.kill();
    const atKill = tally(fileLines(file)).size;
    assert.ok(atKill < N, 'Redis must die while events are still flowing');
    await sleep(OUTAGE_MS);
    await server.start();
    await waitFor(() => tally(fileLines(file)).size >= N, 60_000, `all ${N} events in the output file`);
    for (const c of children) assert.equal(c.exitCode, null, 'the bots survive the outage in the same process');
    await net.stopAll();

    const { missing, duplicates } = delivery(tally(fileLines(file)), N);
    t.diagnostic(`Redis killed after ${atKill} events, down for ${OUTAGE_MS} ms; ${duplicates} duplicate(s)`);
    assert.deepEqual(missing, [], 'missing events');
    for (const id of [expert, output]) {
      const log = `log of ${id}:\n${botLog(net.root, id).slice(-4000)}`;
      const down = logRecords(net.root, id, 'WARNING', 'is unreachable');
      const up = logRecords(net.root, id, 'INFO', 'is reachable again');
      const errors = logRecords(net.root, id, 'ERROR', '');
      t.diagnostic(`${id}: ${down.length} outage warning(s), ${up.length} recovery line(s), ${errors.length} error(s); ${down[0] ?? 'no outage line'}`);
      assert.ok(down.length >= 1 && down.length <= links[id]!, `one outage line per broker connection (${down.length}); ${log}`);
      assert.match(down[0]!, /Redis at 127\.0\.0\.1:\d+ db 0 is unreachable/, 'the line names the server');
      assert.equal(up.length, down.length, `each outage line is answered by one recovery line; ${log}`);
      assert.deepEqual(errors, [], `an outage the bot rides out is no error; ${log}`);
      assert.equal(logRecords(net.root, id, 'INFO', 'Bot is starting.').length, 1, `no restart; ${log}`);
    }
  } finally {
    await net.stopAll();
    await server.destroy();
    net.cleanup();
  }
});
