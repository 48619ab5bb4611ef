import { createServer, type Server, type Socket } from 'node:net';
import { Type } from '@sinclair/typebox';
import { defineCollector, type BotLogger } from '../../../bot/declaration.ts';
import { Inbox } from '../_shared/inbox.ts';

export const bot = defineCollector({
  module: 'intelmq.bots.collectors.tcp.collector',
  name: 'TCP',
  description:
    'TCP server for the TCP output of another IntelMQ: each frame (4-byte big-endian length + payload, or payload + separator) becomes a report; "Ok" is answered once the report is in the destination queue.',
  multithreadable: false,
  parameters: Type.Object({
    ip: Type.String({ description: 'Address to listen on.' }),
    port: Type.Integer({ minimum: 1, maximum: 65535, description: 'Port to listen on.' }),
    separator: Type.Union([Type.String({ minLength: 1 }), Type.Null()], {
      default: null,
      description: 'Frames end with this string instead of carrying a length prefix (the TCP output with the same separator); null = length-prefixed, as upstream.',
    }),
  }),
  async create(ctx) {
    const p = ctx.params;
    const inbox = new Inbox<Buffer>();
    const sockets = new Set<Socket>();
    const separator = p.separator === null ? null : Buffer.from(p.separator, 'utf8');
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      serve(socket, inbox, separator, ctx.logger);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', (e: NodeJS.ErrnoException) => reject(new Error(`Cannot listen on ${p.ip}:${p.port}: ${e.code ?? e.message}.`)));
      server.listen(p.port, p.ip, () => resolve());
    });
    ctx.logger.info(`Listening on ${p.ip}:${p.port}.`);
    return {
      async collect(emit) {
        const entries = inbox.peek();
        if (!entries.length) return;
        for (const { item } of entries) {
          const report = ctx.newReport();
          report.add('raw', item);
          emit(report);
        }
        return () => inbox.commit(entries);
      },
      async shutdown() {
        inbox.close(new Error('collector stopping'));
        await closeServer(server, sockets);
      },
    };
  },
});

/** Reads frames from one connection; each is answered "Ok" after its commit, in order. */
function serve(socket: Socket, inbox: Inbox<Buffer>, separator: Buffer | null, logger: BotLogger): void {
  const peer = `${socket.remoteAddress}:${socket.remotePort}`;
  logger.info(`Connection address: ${peer}.`);
  let buffered: Buffer = Buffer.alloc(0);
  let acks = Promise.resolve();
  socket.on('data', (chunk: Buffer) => {
    buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
    for (;;) {
      const frame = nextFrame();
      if (!frame) break;
      const committed = inbox.put(frame);
      acks = acks.then(() => committed).then(
        () => void (socket.writable && socket.write('Ok')),
        () => void socket.destroy(),
      );
    }
  });
  socket.on('end', () => {
    if (buffered.length) logger.warning(`Incomplete message received from ${peer}.`);
    void acks.then(() => socket.end());
  });
  socket.on('error', (e) => logger.warning(`Connection from ${peer} failed: ${e.message}.`));

  function nextFrame(): Buffer | null {
    if (separator) {
      const at = buffered.indexOf(separator);
      if (at < 0) return null;
      const frame = buffered.subarray(0, at);
      buffered = buffered.subarray(at + separator.length);
      return frame.length ? frame : nextFrame();
    }
    if (buffered.length < 4) return null;
    const len = buffered.readUInt32BE(0);
    if (buffered.length < 4 + len) return null;
    const frame = buffered.subarray(4, 4 + len);
    buffered = buffered.subarray(4 + len);
    return frame;
  }
}

function closeServer(server: Server, sockets: Set<Socket>): Promise<void> {
  return new Promise((resolve) => {
    for (const s of sockets) s.destroy();
    server.close(() => resolve());
  });
}
