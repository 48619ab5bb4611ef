import { Redis } from 'ioredis';
import { Type } from '@sinclair/typebox';
import { defineOutput } from '../../../bot/declaration.ts';
import { OutputParameters, exportEventText, exportOptions } from '../../../bot/output-params.ts';
import type { Event } from '../../../message/index.ts';

export const bot = defineOutput({
  module: 'intelmq.bots.outputs.redis.output',
  name: 'Redis',
  description: 'LPUSHes every event as JSON onto a Redis list (e.g. the queue of a bot in another IntelMQ, or for Logstash).',
  parameters: Type.Object({
    redis_server_ip: Type.String({ default: '127.0.0.1', description: 'Redis host.' }),
    redis_server_port: Type.Integer({ minimum: 1, maximum: 65535, default: 6379, description: 'Redis port.' }),
    redis_db: Type.Integer({ minimum: 0, default: 2, description: 'Redis database number.' }),
    redis_password: Type.Union([Type.String(), Type.Null()], { default: null, description: 'Redis password.' }),
    redis_queue: Type.String({ minLength: 1, description: 'Name of the list to push to, e.g. remote-server-queue.' }),
    redis_timeout: Type.Integer({ minimum: 1, default: 5000, description: 'Connection and command timeout in milliseconds.' }),
    ...OutputParameters,
    with_type: Type.Boolean({ default: true, description: 'Include the "__type": "Event" field.' }),
  }),
  create(ctx) {
    const p = ctx.params;
    const opts = exportOptions(p);
    const where = `Redis at ${p.redis_server_ip}:${p.redis_server_port} db ${p.redis_db}`;
    let client: Redis | null = null;

    const connect = async (): Promise<Redis> => {
      if (client?.status === 'ready') return client;
      client?.disconnect();
      const c = new Redis({
        host: p.redis_server_ip,
        port: p.redis_server_port,
        db: p.redis_db,
        ...(p.redis_password ? { password: p.redis_password } : {}),
        connectTimeout: p.redis_timeout,
        commandTimeout: p.redis_timeout,
        lazyConnect: true,
        // Reconnecting is the runtime's retry; ioredis must not queue commands behind a dead connection.
        retryStrategy: () => null,
        maxRetriesPerRequest: 0,
        enableOfflineQueue: false,
      });
      // ioredis rejects connect() with "Connection is closed."; the reason comes as an 'error' event.
      let lastError: Error | null = null;
      c.on('error', (e: Error) => (lastError = e));
      try {
        await c.connect();
      } catch (e) {
        c.disconnect();
        const reason = lastError ?? (e as Error);
        throw new Error(`Cannot connect to ${where}: ${reason.message}`, { cause: reason });
      }
      const version = /redis_version:(\S+)/.exec(await c.info('server'))?.[1] ?? 'unknown';
      ctx.logger.info(`Connected successfully to Redis ${version} at ${p.redis_server_ip}:${p.redis_server_port}.`);
      client = c;
      return c;
    };

    const push = async (events: Event[]) => {
      const c = await connect();
      try {
        await c.lpush(p.redis_queue, ...events.map((e) => exportEventText(e, opts)));
      } catch (e) {
        c.disconnect();
        client = null;
        throw new Error(`Failed to send message to ${where}: ${(e as Error).message}`, { cause: e });
      }
    };

    return {
      process: (event) => push([event]),
      processBatch: push,
      shutdown() {
        client?.disconnect();
        client = null;
      },
    };
  },
});
