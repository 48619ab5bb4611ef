import { after, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import amqp, { type ChannelModel } from 'amqplib';
import { requireService, tcpProbe } from '../../../../test/helpers/services.ts';
import { Event, packagedHarmonization } from '../../../message/index.ts';
import { createCollector, freePort } from '../_shared/testing-server.ts';
import { bot } from './bot.ts';

const HOST = '127.0.0.1';
const PORT = 5672;
const RUN = `${process.pid}-${Date.now()}`;
const available = (t: TestContext) => requireService(t, `rabbitmq at ${HOST}:${PORT}`, tcpProbe(HOST, PORT));
const base = { connection_host: HOST, connection_port: PORT, username: 'guest', password: 'guest' };
const text = (b64: unknown) => Buffer.from(String(b64), 'base64').toString('utf8');

let admin: ChannelModel | null = null;
async function queueWith(name: string, bodies: string[]) {
  admin ??= await amqp.connect({ hostname: HOST, port: PORT, username: 'guest', password: 'guest' });
  const ch = await admin.createChannel();
  await ch.assertQueue(name, { durable: false });
  for (const b of bodies) ch.sendToQueue(name, Buffer.from(b));
  return ch;
}
after(() => admin?.close());

test('queue messages become reports; they are acknowledged only by the commit hook', async (t) => {
  if (!(await available(t))) return;
  const queue = `intelmq-test-collect-${RUN}`;
  const ch = await queueWith(queue, ['first', 'second']);
  const c = await createCollector(bot, { ...base, queue_name: queue });
  try {
    const run1 = await c.collect();
    assert.deepEqual(run1.reports.map((r) => text(r['raw'])), ['first', 'second']);
    // Not committed (say the pipeline failed): the next run gets the same messages again.
    const run2 = await c.collect();
    assert.deepEqual(run2.reports.map((r) => text(r['raw'])), ['first', 'second']);
    await run2.onCommitted!();
    assert.equal((await c.collect()).reports.length, 0);
    assert.equal((await ch.checkQueue(queue)).messageCount, 0);
  } finally {
    await c.close();
    await ch.deleteQueue(queue);
    await ch.close();
  }
});

test('expect_intelmq_message forwards the message itself', async (t) => {
  if (!(await available(t))) return;
  const queue = `intelmq-test-intelmq-${RUN}`;
  const ev = new Event(packagedHarmonization(), { 'source.ip': '192.0.2.7', 'classification.type': 'scanner', raw: 'eA==' });
  const ch = await queueWith(queue, [ev.serialize()]);
  const c = await createCollector(bot, { ...base, queue_name: queue, expect_intelmq_message: true });
  try {
    const run = await c.collect();
    assert.equal(run.reports.length, 1);
    assert.equal(run.reports[0]!['source.ip'], '192.0.2.7');
    await run.onCommitted!();
  } finally {
    await c.close();
    await ch.deleteQueue(queue);
    await ch.close();
  }
});

test('a missing queue and an unreachable server are clear errors', async (t) => {
  const port = await freePort();
  const down = await createCollector(bot, { ...base, connection_port: port, connection_attempts: 1, queue_name: 'q' });
  await assert.rejects(down.collect(), new RegExp(`Cannot connect to AMQP server amqp://127\\.0\\.0\\.1:${port} \\(vhost /\\) after 1 attempt\\(s\\): .*ECONNREFUSED`));
  await down.close();
  if (!(await available(t))) return;
  const c = await createCollector(bot, { ...base, queue_name: `intelmq-test-missing-${RUN}` });
  try {
    await assert.rejects(c.collect(), /Receiving from queue 'intelmq-test-missing-.*' on amqp:\/\/127\.0\.0\.1:5672 \(vhost \/\) failed: .*NOT_FOUND/);
  } finally {
    await c.close();
  }
});
