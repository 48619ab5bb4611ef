/**
 * RabbitMQ drops the connections of two bots (wait expert → file output)
 * while events stream through them, as `rabbitmqctl close_connection` or the
 * management API do. The bots reconnect in the same process, say so once per
 * connection, and every event arrives — redeliveries of unacknowledged
 * messages are allowed (at least once), losses are not.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { requireService } from '../helpers/services.ts';
import { createBotnet, waitFor } from './botnet.ts';
import { botLog, delivery, fileLines, globalsFor, logRecords, numberedEvents, queueClient, RABBITMQ_SERVICE, tally } from './helpers-pipeline.ts';
import { closeConnections, connectionControl, connectionsOf } from './helpers-rabbitmq.ts';

const N = 2000;

test('RabbitMQ connections dropped mid-stream: the bots reconnect and lose nothing', { timeout: 90_000 }, async (t) => {
  if (!(await requireService(t, ...RABBITMQ_SERVICE))) return;
  if (!(await requireService(t, 'rabbitmq connection control (management API or rabbitmqctl)', connectionControl))) return;
  const tag = `aq${randomBytes(3).toString('hex')}`;
  const [expert, output] = [`${tag}-wait`, `${tag}-out`];
  const settings = (root: string) => globalsFor('amqp', root);
  const net = createBotnet((root) => ({
    global: settings(root),
    // About 3 ms per event, so the stream is still going when the connections drop.
    [expert]: { module: 'intelmq.bots.experts.wait.expert', group: 'Expert', name: 'wait', parameters: { sleep_time: 0.003, destination_queues: { _default: [`${output}-queue`] } } },
    [output]: { module: 'intelmq.bots.outputs.file.output', group: 'Output', name: 'out', parameters: { file: join(root, 'events.txt') } },
  }));
  const file = join(net.root, 'events.txt');
  /** Broker connections per bot: the expert has a source and a destination, the output only a source. */
  const links = { [expert]: 2, [output]: 1 };
  const queues = queueClient('amqp', settings(net.root));
  try {
    await queues.push(`${expert}-queue`, numberedEvents(N));
    const children = [net.start(expert), net.start(output)];
    await Promise.all([net.waitReady(expert), net.waitReady(output)]);
    const connections = await connectionsOf(children.map((c) => c.pid!));
    assert.equal(connections.length, 3, 'connections: two of the expert, one of the output');
    await waitFor(() => fileLines(file).length >= N / 20, 30_000, 'the first events in the output file');

    await closeConnections(connections);
    const atDrop = tally(fileLines(file)).size;
    assert.ok(atDrop < N, 'the connections must drop while events are still flowing');
    await waitFor(() => tally(fileLines(file)).size >= N, 60_000, `all ${N} events in the output file`);
    for (const c of children) assert.equal(c.exitCode, null, 'the bots survive in the same process');
    await net.stopAll();

    const { missing, duplicates } = delivery(tally(fileLines(file)), N);
    t.diagnostic(`dropped ${connections.length} connections (via ${connections[0]!.via}) after ${atDrop} events; ${duplicates} redelivered duplicate(s)`);
    assert.deepEqual(missing, [], 'missing events');
    for (const id of [expert, output]) {
      const log = `log of ${id}:\n${botLog(net.root, id).slice(-4000)}`;
      const down = logRecords(net.root, id, 'WARNING', 'is unreachable');
      const up = logRecords(net.root, id, 'INFO', 'is reachable again');
      const errors = logRecords(net.root, id, 'ERROR', '');
      t.diagnostic(`${id}: ${down.length} outage warning(s), ${up.length} recovery line(s), ${errors.length} error(s); ${down[0] ?? 'no outage line'}`);
      assert.equal(down.length, links[id], `one line per dropped connection; ${log}`);
      assert.match(down[0]!, /CONNECTION[-_]FORCED/, 'the line says the server closed the connection');
      assert.equal(up.length, links[id], `one recovery line per connection; ${log}`);
      assert.deepEqual(errors, [], `a dropped connection the bot rides out is no error; ${log}`);
      assert.equal(logRecords(net.root, id, 'INFO', 'Bot is starting.').length, 1, `no restart; ${log}`);
    }
  } finally {
    await net.stopAll();
    await queues.close();
    net.cleanup();
  }
});
