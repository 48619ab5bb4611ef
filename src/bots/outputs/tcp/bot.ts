import { connect, type Socket } from 'node:net';
import { Type } from '@sinclair/typebox';
import { defineOutput } from '../../../bot/declaration.ts';
import { OutputParameters, exportEventText, exportOptions } from '../../../bot/output-params.ts';
import type { Event } from '../../../message/index.ts';

/** Upstream's socket timeout. */
const TIMEOUT_MS = 15_000;

export const bot = defineOutput({
  module: 'intelmq.bots.outputs.tcp.output',
  name: 'TCP',
  description:
    'Sends each event as JSON over one TCP connection: payload + separator, or a 4-byte big-endian length prefix + payload. With counterpart_is_intelmq every frame must be answered "Ok" (the TCP collector does so once the report is queued).',
  multithreadable: false,
  parameters: Type.Object({
    ip: Type.String({ description: 'Host to connect to.' }),
    port: Type.Integer({ minimum: 1, maximum: 65535, description: 'Port to connect to.' }),
    separator: Type.Union([Type.String({ minLength: 1 }), Type.Null()], { default: null, description: 'Appended to every payload; null = length-prefixed frames.' }),
    counterpart_is_intelmq: Type.Boolean({ default: true, description: 'Wait for the receiver\'s "Ok" after every frame (another IntelMQ\'s TCP collector); false for e.g. Splunk or filebeat.' }),
    ...OutputParameters,
  }),
  create(ctx) {
    const p = ctx.params;
    const opts = exportOptions(p);
    const separator = p.separator === null ? null : Buffer.from(p.separator, 'utf8');
    let conn: Connection | null = null;

    const frame = (event: Event): Buffer => {
      const data = Buffer.from(exportEventText(event, opts), 'utf8');
      if (separator) return Buffer.concat([data, separator]);
      const len = Buffer.alloc(4);
      len.writeUInt32BE(data.length);
      return Buffer.concat([len, data]);
    };

    const send = async (events: Event[]) => {
      conn ??= await Connection.open(p.ip, p.port);
      ctx.logger.debug(`Sending ${events.length} message(s).`);
      try {
        await conn.write(Buffer.concat(events.map(frame)));
        if (!p.counterpart_is_intelmq) return;
        // Frames are answered in order, so all answers can be awaited after one write.
        const answers = await conn.read(2 * events.length);
        for (let i = 0; i < events.length; i++) {
          const answer = answers.subarray(2 * i, 2 * i + 2).toString('latin1');
          if (answer !== 'Ok') throw new Error(`Message not delivered: ${p.ip}:${p.port} answered ${JSON.stringify(answer)} instead of "Ok".`);
        }
      } catch (e) {
        // The stream position is unknown after a failure; the next try starts on a fresh connection.
        conn.close();
        conn = null;
        throw e;
      }
    };

    return {
      process: (event) => send([event]),
      processBatch: (events) => send(events),
      shutdown() {
        conn?.close();
        conn = null;
      },
    };
  },
});

/** A socket with awaited writes and exact-length reads, each bounded by the timeout. */
class Connection {
  private buffered = Buffer.alloc(0);
  private waiter: (() => void) | null = null;
  private failure: Error | null = null;

  private constructor(private readonly socket: Socket, private readonly where: string) {
    socket.on('data', (c: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, c]);
      this.waiter?.();
    });
    const fail = (e: Error) => {
      this.failure ??= e;
      this.waiter?.();
    };
    socket.on('error', (e) => fail(new Error(`Connection to ${where} failed: ${e.message}`)));
    socket.on('end', () => fail(new Error(`Connection to ${where} closed by the server.`)));
  }

  static open(host: string, port: number): Promise<Connection> {
    const where = `${host}:${port}`;
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`Cannot connect to ${where}: no answer within ${TIMEOUT_MS / 1000} s.`));
      }, TIMEOUT_MS);
      socket.once('error', (e) => {
        clearTimeout(timer);
        reject(new Error(`Cannot connect to ${where}: ${e.message}`));
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(new Connection(socket, where));
      });
    });
  }

  write(data: Buffer): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => this.socket.write(data, (e) => (e ? reject(new Error(`Sending to ${this.where} failed: ${e.message}`)) : resolve())));
  }

  async read(n: number): Promise<Buffer> {
    const deadline = Date.now() + TIMEOUT_MS;
    while (this.buffered.length < n) {
      if (this.failure) throw this.failure;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`No answer from ${this.where} within ${TIMEOUT_MS / 1000} s.`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.waiter = null;
    }
    const out = this.buffered.subarray(0, n);
    this.buffered = this.buffered.subarray(n);
    return out;
  }

  close(): void {
    this.socket.destroy();
  }
}
