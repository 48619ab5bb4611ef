import { after, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import amqp, { type ChannelModel } from 'amqplib';
import { requireService, tcpProbe } from '../../../../test/helpers/services.ts';
import { freePort } from '../../collectors/_shared/testing-server.ts';
import { SAMPLE, createBatchOutput, event, runOutput } from '../_shared/testing.ts';
import { bot } from './bot.ts';

const HOST = '127.0.0.1';
const PORT = 5672;
const RUN = `${process.pid}-${Date.now()}`;
const available = (t: TestContext) => requireService(t, `rabbitmq at ${HOST}:${PORT}`, tcpProbe(HOST, PORT));
const base = { connection_host: HOST, connection_port: PORT, username: 'guest', password: 'guest' };

let admin: ChannelModel | null = null;
async function channel() {
  admin ??= await amqp.connect({ hostname: HOST, port: PORT, username: 'guest', password: 'guest' });
  return admin.createChannel();
}
after(() => admin?.close());

test('events are published to the exchange with a formatted routing key, confirmed, in one batch', async (t) => {
  if (!(await available(t))) return;
  const ch = await channel();
  const exchange = `intelmq-test-x-${RUN}`;
  const queue = `intelmq-test-q-${RUN}`;
  await ch.assertExchange(exchange, 'topic', { durable: false, autoDelete: false });
  await ch.assertQueue(queue, { durable: false });
  await ch.bindQueue(queue, exchange, 'malicious-code.#');
  const out = await createBatchOutput(bot, { ...base, exchange_name: exchange, exchange_durable: false, routing_key: '{ev[classification.taxonomy]}.{ev[source.ip]}', format_routing_key: true });
  try {
    const events = [1, 2].map((i) => event({ ...SAMPLE, 'classification.taxonomy': 'malicious-code', 'source.port': i }));
    const results = await out.batch(events);
    assert.ok(results!.every((r) => r.error === undefined));
    const got = [await ch.get(queue, { noAck: true }), await ch.get(queue, { noAck: true })];
    assert.ok(got[0] && got[1]);
    const first = got[0] as amqp.GetMessage;
    assert.equal(first.fields.routingKey, 'malicious-code.192.0.2.1');
    assert.equal(first.properties.contentType, 'application/json');
    assert.equal(first.properties.deliveryMode, 2);
    const body = JSON.parse(first.content.toString('utf8'));
    assert.equal(body['source.port'], 1);
    assert.equal(body['extra.tag'], 'ä€');
    assert.ok(!('raw' in body));
    const missing = await out.one(event({ 'source.ip': '192.0.2.9' }));
    assert.match(String(missing.error), /no field 'classification\.taxonomy'/);
  } finally {
    await out.close();
    await ch.deleteExchange(exchange);
    await ch.deleteQueue(queue);
    await ch.close();
  }
});

test('an unroutable event stops the bot (configuration error), as upstream', async (t) => {
  if (!(await available(t))) return;
  const ch = await channel();
  const exchange = `intelmq-test-unrouted-${RUN}`;
  const out = await createBatchOutput(bot, { ...base, exchange_name: exchange, exchange_durable: false, routing_key: 'nowhere' });
  try {
    await assert.rejects(out.one(event(SAMPLE)), /could not be routed from exchange 'intelmq-test-unrouted-.*declare it first/);
  } finally {
    await out.close();
    await ch.deleteExchange(exchange);
    await ch.close();
  }
});

test('unreachable server: error names host and port; the event is dumped', async () => {
  const port = await freePort();
  const e = event(SAMPLE);
  const r = await runOutput(bot, { ...base, connection_port: port, connection_attempts: 1, routing_key: 'q' }, [e]);
  assert.equal(r.dumps.length, 1);
  assert.equal(r.dumps[0]!.message, e.serialize());
  assert.match(String(r.dumps[0]!.traceback), new RegExp(`Cannot connect to AMQP server amqp://127\\.0\\.0\\.1:${port} \\(vhost /\\) after 1 attempt\\(s\\): .*ECONNREFUSED`));
});
