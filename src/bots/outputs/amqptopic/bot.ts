import type { Channel, ChannelModel, ConfirmChannel } from 'amqplib';
import { Type } from '@sinclair/typebox';
import { defineOutput } from '../../../bot/declaration.ts';
import { OutputParameters, exportEventText, exportOptions } from '../../../bot/output-params.ts';
import { ConfigurationError, type Event } from '../../../message/index.ts';
import { formatEvent } from '../_shared/format-event.ts';
import { AmqpConnectionParameters, amqpErrorText, connectAmqp, describeServer } from './connection.ts';

export const bot = defineOutput({
  module: 'intelmq.bots.outputs.amqptopic.output',
  name: 'AMQP Topic',
  description: 'Publishes each event (JSON) to an AMQP exchange, persistent and publisher-confirmed by default; an unroutable event stops the bot, as upstream.',
  multithreadable: false,
  parameters: Type.Object({
    ...AmqpConnectionParameters,
    exchange_name: Type.Union([Type.String(), Type.Null()], { default: null, description: 'Exchange to publish to; null/empty = the default exchange (not declared).' }),
    exchange_type: Type.String({ default: 'topic', description: 'Type used when declaring the exchange.' }),
    exchange_durable: Type.Boolean({ default: true, description: 'Declare the exchange durable.' }),
    routing_key: Type.Union([Type.String(), Type.Null()], { default: null, description: 'Routing key; with format_routing_key it may contain {ev[<field>]} placeholders.' }),
    format_routing_key: Type.Boolean({ default: false, description: 'Fill {ev[<field>]} placeholders in routing_key from each event (a missing field is an error).' }),
    delivery_mode: Type.Integer({ minimum: 1, maximum: 2, default: 2, description: '1 = transient, 2 = persistent messages.' }),
    content_type: Type.String({ default: 'application/json', description: 'content_type property of the messages.' }),
    require_confirmation: Type.Boolean({ default: true, description: 'Wait for the broker\'s publisher confirm of every message; false = publish without confirmation.' }),
    ...OutputParameters,
  }),
  create(ctx) {
    const p = ctx.params;
    const opts = exportOptions(p);
    const exchange = p.exchange_name ?? '';
    const where = describeServer(p);
    let model: ChannelModel | null = null;
    let channel: Channel | ConfirmChannel | null = null;
    let returned = 0;

    const open = async (): Promise<Channel | ConfirmChannel> => {
      if (channel) return channel;
      ctx.logger.info(`AMQP Connecting to ${p.connection_host}:${p.connection_port}/${p.connection_vhost ?? '/'}.`);
      model = await connectAmqp(p, `intelmq ${ctx.botId}`);
      model.on('error', () => undefined);
      model.on('close', () => {
        model = null;
        channel = null;
      });
      const ch = p.require_confirmation ? await model.createConfirmChannel() : await model.createChannel();
      ch.on('error', () => undefined);
      ch.on('close', () => (channel = null));
      ch.on('return', () => returned++);
      if (exchange) {
        try {
          await ch.assertExchange(exchange, p.exchange_type, { durable: p.exchange_durable });
        } catch (e) {
          await close();
          throw new Error(`Declaring exchange '${exchange}' on ${where} failed: ${amqpErrorText(e)}`);
        }
      }
      ctx.logger.info('AMQP connection successful.');
      channel = ch;
      return ch;
    };

    const close = async () => {
      const m = model;
      model = null;
      channel = null;
      await m?.close().catch(() => undefined);
    };

    const publish = async (events: Event[]) => {
      const messages = events.map((event) => ({
        key: p.format_routing_key ? formatEvent(p.routing_key ?? '', event, 'error') : (p.routing_key ?? ''),
        body: Buffer.from(exportEventText(event, opts), 'utf8'),
      }));
      const ch = await open();
      returned = 0;
      try {
        for (const { key, body } of messages) {
          ch.publish(exchange, key, body, { contentType: p.content_type, deliveryMode: p.delivery_mode, mandatory: true });
        }
        if ('waitForConfirms' in ch) await ch.waitForConfirms();
      } catch (e) {
        await close();
        throw new Error(`Publishing to ${where} failed: ${amqpErrorText(e)}`, { cause: e });
      }
      if (returned) {
        throw new ConfigurationError('runtime.yaml', `bot '${ctx.botId}': ${returned} message(s) could not be routed from exchange '${exchange}' on ${where}: the destination queue does not exist, declare it first.`);
      }
    };

    return {
      process: (event) => publish([event]),
      processBatch: publish,
      shutdown: close,
    };
  },
});
