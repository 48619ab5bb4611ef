/**
 * Test support: local HTTP(S) servers on 127.0.0.1 with an ephemeral port,
 * and a way to drive a collector once through its declaration.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type ServerOptions } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createContext } from '../../../bot/context.ts';
import { resolveParameters } from '../../../bot/params.ts';
import type { CollectorDeclaration, CollectorInstance } from '../../../bot/declaration.ts';
import { HARNESS_DEFAULTS, MemoryLogger } from '../../../conformance/harness.ts';
import { packagedHarmonization, type Report } from '../../../message/index.ts';

export type Handler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void;

export interface TestServer {
  url: string;
  port: number;
  requests: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: Buffer }>;
  close(): Promise<void>;
}

export async function startServer(handler: Handler, tls?: ServerOptions): Promise<TestServer> {
  const requests: TestServer['requests'] = [];
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handler(req, res, body);
    });
  };
  const server: Server = tls ? createHttpsServer(tls, onRequest) : createHttpServer(onRequest);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on (bound, then released). */
export async function freePort(): Promise<number> {
  const s = createHttpServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

export interface CollectorUnderTest {
  instance: CollectorInstance;
  logger: MemoryLogger;
  /** One collection run: the reports as dicts, and the commit hook if the bot returned one. */
  collect(): Promise<{ reports: Array<Record<string, unknown>>; onCommitted?: () => void | Promise<void> }>;
  close(): Promise<void>;
}

export async function createCollector(declaration: CollectorDeclaration, params: Record<string, unknown>, varStatePath = '.'): Promise<CollectorUnderTest> {
  const logger = new MemoryLogger();
  const resolved = resolveParameters(declaration.parameters, { ...HARNESS_DEFAULTS, ...params }, 'test-collector', 'test parameters');
  const ctx = createContext({ botId: 'test-collector', params: resolved, logger, harmonization: packagedHarmonization(), paths: { configDir: '.', varStatePath, loggingPath: null } });
  const instance = await declaration.create(ctx as never);
  return {
    instance,
    logger,
    async collect() {
      const reports: Report[] = [];
      const done = await instance.collect((m) => reports.push(m as Report));
      return { reports: reports.map((r) => r.toDict()), ...(done ? { onCommitted: done } : {}) };
    },
    async close() {
      await instance.shutdown?.();
      await ctx.closeCache();
    },
  };
}
