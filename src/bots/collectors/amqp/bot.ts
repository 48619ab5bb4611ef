import type { Channel, ChannelModel, GetMessage } from 'amqplib';
import { Type } from '@sinclair/typebox';
import { defineCollector } from '../../../bot/declaration.ts';
import { unserialize } from '../../../message/index.ts';
import { AmqpConnectionParameters, amqpErrorText, connectAmqp, describeServer } from '../../outputs/amqptopic/connection.ts';

/** Messages taken per collection run; the rest waits for the next run. */
const MAX_PER_RUN = 1000;

export const bot = defineCollector({
  module: 'intelmq.bots.collectors.amqp.collector_amqp',
  name: 'AMQP',
  description:
    'Takes messages from an AMQP queue: as raw report content, or (expect_intelmq_message) as IntelMQ messages passed on unchanged. Messages are acknowledged once the reports are in the destination queue.',
  multithreadable: false,
  parameters: Type.Object({
    ...AmqpConnectionParameters,
    queue_name: Type.String({ minLength: 1, description: 'Queue to consume from (must exist).' }),
    expect_intelmq_message: Type.Boolean({ default: false, description: 'Bodies are IntelMQ messages (JSON with __type) and are forwarded as they are.' }),
  }),
  create(ctx) {
    const p = ctx.params;
    const where = describeServer(p);
    let model: ChannelModel | null = null;
    let channel: Channel | null = null;
    let unacked: GetMessage | null = null;

    const open = async (): Promise<Channel> => {
      if (channel) return channel;
      const m = await connectAmqp(p, `intelmq ${ctx.botId}`);
      m.on('error', () => undefined);
      m.on('close', () => {
        model = null;
        channel = null;
        unacked = null;
      });
      const ch = await m.createChannel();
      ch.on('error', () => undefined);
      ch.on('close', () => {
        channel = null;
        unacked = null;
      });
      model = m;
      channel = ch;
      return ch;
    };

    const close = async () => {
      const m = model;
      model = null;
      channel = null;
      unacked = null;
      await m?.close().catch(() => undefined);
    };

    return {
      async collect(emit) {
        const ch = await open();
        // A previous run whose reports never reached the queue: hand its messages back first.
        if (unacked) {
          ch.nackAll(true);
          unacked = null;
        }
        let last: GetMessage | null = null;
        try {
          for (let n = 0; n < MAX_PER_RUN; n++) {
            const msg = await ch.get(p.queue_name, { noAck: false });
            if (!msg) break;
            last = msg;
            if (p.expect_intelmq_message) {
              emit(unserialize(msg.content.toString('utf8'), ctx.harmonization), '_default', false, false);
            } else {
              const report = ctx.newReport();
              report.add('raw', msg.content);
              emit(report);
            }
          }
        } catch (e) {
          // Closing the channel returns every unacknowledged message to the queue.
          await close();
          throw new Error(`Receiving from queue '${p.queue_name}' on ${where} failed: ${amqpErrorText(e)}`, { cause: e });
        }
        if (!last) return;
        unacked = last;
        const tag = last;
        return () => {
          if (channel !== ch || unacked !== tag) return;
          ch.ack(tag, true);
          unacked = null;
        };
      },
      shutdown: close,
    };
  },
});
