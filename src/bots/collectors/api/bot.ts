import { chmodSync, chownSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Type } from '@sinclair/typebox';
import { defineCollector } from '../../../bot/declaration.ts';
import { ConfigurationError } from '../../../message/index.ts';
import { Inbox } from '../_shared/inbox.ts';

const PUSH_PATH = '/intelmq/push';
/** Tornado's default `max_body_size`, which bounds upstream's endpoint too. */
const MAX_BODY = 100 * 1024 * 1024;

export const bot = defineCollector({
  module: 'intelmq.bots.collectors.api.collector_api',
  name: 'API',
  description: `HTTP endpoint: the body of every POST to ${PUSH_PATH} becomes a report. The client gets 200 once the report is in the destination queue, 503 if the bot stops first.`,
  multithreadable: false,
  parameters: Type.Object({
    port: Type.Integer({ minimum: 1, maximum: 65535, default: 5000, description: 'TCP port to listen on (when use_socket is false).' }),
    host: Type.Union([Type.String(), Type.Null()], { default: null, description: 'Address to listen on; null = all interfaces, as upstream.' }),
    use_socket: Type.Boolean({ default: false, description: 'Listen on the unix socket socket_path instead of a TCP port.' }),
    socket_path: Type.String({ default: '/tmp/imq_api_default_socket', description: 'Path of the unix socket.' }),
    socket_perms: Type.String({ pattern: '^[0-7]{3,4}$', default: '600', description: 'Permissions of the unix socket, octal.' }),
    socket_group: Type.String({ default: '', description: 'Group owning the unix socket; empty = unchanged.' }),
    name: Type.Union([Type.String(), Type.Null()], { default: 'API', description: 'Feed name (feed.name).' }),
    provider: Type.Union([Type.String(), Type.Null()], { default: 'APICollector', description: 'Feed provider (feed.provider).' }),
  }),
  async create(ctx) {
    const p = ctx.params;
    const inbox = new Inbox<Buffer>();
    const server = createServer((req, res) => handle(req, res, inbox));
    const where = p.use_socket ? `unix socket ${p.socket_path}` : `${p.host ?? '*'}:${p.port}`;
    if (p.use_socket) rmSync(p.socket_path, { force: true });
    await listen(server, p.use_socket ? { path: p.socket_path } : { port: p.port, ...(p.host ? { host: p.host } : {}) }, where);
    if (p.use_socket) {
      chmodSync(p.socket_path, parseInt(p.socket_perms, 8));
      if (p.socket_group) chownSync(p.socket_path, -1, groupId(p.socket_group));
    }
    ctx.logger.info(`Listening for POST ${PUSH_PATH} on ${where}.`);
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
        inbox.close(new Error('The collector is stopping; the report was not accepted.'));
        // Let the 503 answers go out before connections are cut; clients that linger get a second.
        await new Promise((resolve) => setImmediate(resolve));
        await new Promise<void>((resolve) => {
          const force = setTimeout(() => server.closeAllConnections(), 1000);
          server.close(() => {
            clearTimeout(force);
            resolve();
          });
          server.closeIdleConnections();
        });
        if (p.use_socket) rmSync(p.socket_path, { force: true });
      },
    };
  },
});

function handle(req: IncomingMessage, res: ServerResponse, inbox: Inbox<Buffer>): void {
  const path = (req.url ?? '').split('?')[0];
  if (path !== PUSH_PATH) return reply(res, 404, 'Not Found');
  if (req.method !== 'POST') return reply(res, 405, 'Method Not Allowed');
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (c: Buffer) => {
    size += c.length;
    if (size > MAX_BODY) {
      reply(res, 413, 'Payload Too Large');
      req.destroy();
      return;
    }
    chunks.push(c);
  });
  req.on('end', () => {
    inbox.put(Buffer.concat(chunks)).then(
      () => reply(res, 200, ''),
      (e: Error) => reply(res, 503, e.message),
    );
  });
}

function reply(res: ServerResponse, status: number, body: string): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(body);
}

function listen(server: Server, opts: { path: string } | { port: number; host?: string }, where: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => reject(new Error(`Cannot listen on ${where}: ${e.code ?? e.message}.`)));
    server.listen(opts, () => resolve());
  });
}

/** Node has no getgrnam; /etc/group is where the name-to-id mapping lives. */
function groupId(name: string): number {
  for (const line of readFileSync('/etc/group', 'utf8').split('\n')) {
    const [group, , gid] = line.split(':');
    if (group === name && gid) return Number(gid);
  }
  throw new ConfigurationError('runtime.yaml', `socket_group '${name}' does not exist.`);
}
