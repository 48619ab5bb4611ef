import { createSocket, type Socket } from 'node:dgram';
import { Type } from '@sinclair/typebox';
import { defineOutput } from '../../../bot/declaration.ts';
import { OutputParameters, exportEventText, exportOptions } from '../../../bot/output-params.ts';
import type { Event } from '../../../message/index.ts';
import { pyStr } from '../_shared/format-event.ts';

export const bot = defineOutput({
  module: 'intelmq.bots.outputs.udp.output',
  name: 'UDP',
  description: 'Sends every event as one UDP datagram (e.g. to syslog): header + JSON, or header followed by delimiter-separated key:value pairs; control characters are removed.',
  multithreadable: false,
  parameters: Type.Object({
    udp_host: Type.String({ default: 'localhost', description: 'Destination host.' }),
    udp_port: Type.Integer({ minimum: 1, maximum: 65535, description: 'Destination port.' }),
    format: Type.Union([Type.Literal('json'), Type.Literal('delimited')], { description: 'json: the event as JSON; delimited: <delimiter>key:value for every field.' }),
    field_delimiter: Type.String({ default: '|', description: 'Separator of the fields with format delimited.' }),
    header: Type.String({ description: 'Text at the start of every datagram.' }),
    ...OutputParameters,
  }),
  create(ctx) {
    const p = ctx.params;
    const opts = exportOptions(p);
    let socket: Socket | null = null;

    const line = (event: Event): string => {
      if (p.format === 'json') return p.header + exportEventText(event, opts);
      const e = opts.keepRaw || !event.has('raw') ? event : withoutRaw(event);
      let out = p.header;
      for (const key of e.keys()) out += `${p.field_delimiter}${key}:${pyStr(e, key)}`;
      return out;
    };

    const send = (data: Buffer) =>
      new Promise<void>((resolve, reject) => {
        socket ??= createSocket(p.udp_host.includes(':') ? 'udp6' : 'udp4').on('error', () => undefined);
        socket.send(data, p.udp_port, p.udp_host, (e) => (e ? reject(new Error(`Failed to send message to ${p.udp_host}:${p.udp_port}: ${e.message}`)) : resolve()));
      });

    const sendAll = async (events: Event[]) => {
      for (const event of events) await send(Buffer.from(`${line(event).replace(/\p{C}/gu, '')}\n`, 'utf8'));
    };

    return {
      process: (event) => sendAll([event]),
      processBatch: sendAll,
      shutdown() {
        socket?.close();
        socket = null;
      },
    };
  },
});

function withoutRaw(event: Event): Event {
  const copy = event.copy();
  copy.delete('raw');
  return copy;
}
