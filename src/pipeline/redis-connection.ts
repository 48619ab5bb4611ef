import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Redis, RedisOptions } from 'ioredis';
import type { PipelineLogger } from './broker.ts';
import { backoffMs } from './util.ts';

// Loaded when the first connection is made: bots on another broker should not carry the client in memory.
const requireCjs = createRequire(import.meta.url);
let redisClass: typeof Redis | undefined;
function RedisClient(): typeof Redis {
  redisClass ??= (requireCjs('ioredis') as typeof import('ioredis')).Redis;
  return redisClass;
}

export interface RedisConnectionOptions {
  /** Host name, or a unix socket path (`/run/redis.sock` or `unix:///run/redis.sock`). */
  readonly host: string;
  readonly port: number;
  readonly db: number;
  readonly password: string | null;
  /** Upstream `*_pipeline_socket_timeout` in seconds; null = no timeout. */
  readonly socketTimeout: number | null;
}

/** `127.0.0.1:6379 db 2` or `/run/redis.sock db 2`, for errors and log lines. */
export function redisAddress(options: RedisConnectionOptions): string {
  return `${socketPath(options.host) ?? `${options.host}:${options.port}`} db ${options.db}`;
}

function socketPath(host: string): string | null {
  if (host.startsWith('unix://')) return host.slice('unix://'.length);
  return host.startsWith('/') ? host : null;
}

/**
 * The connections of one Redis broker: `main` for ordinary commands and,
 * created on first use, `blocking` for BLMOVE, because a blocked connection
 * cannot serve anything else. With `retry`, lost connections are re-opened
 * with backoff forever and commands wait for them (ioredis' offline queue),
 * reporting the outage once and the recovery once; without it (intelmqctl)
 * failures surface at once.
 */
export class RedisLink {
  readonly main: Redis;
  private blockingClient: Redis | null = null;
  private readonly closing = new WeakSet<Redis>();
  private outage = false;
  private readonly address: string;

  constructor(private readonly options: RedisConnectionOptions, private readonly logger: PipelineLogger, private readonly retry: boolean) {
    this.address = redisAddress(options);
    const timeoutMs = options.socketTimeout === null ? null : options.socketTimeout * 1000;
    this.main = this.client(timeoutMs === null ? {} : { commandTimeout: timeoutMs });
  }

  /** Connects (waiting through outages when retrying) and resolves once the server answers. */
  async ready(): Promise<void> {
    await waitReady(this.main, this.retry);
  }

  /** The connection for blocking commands; replaced after `dropBlocking`. */
  blocking(): Redis {
    this.blockingClient ??= this.client({});
    return this.blockingClient;
  }

  /** Aborts a pending blocking command by closing its connection. */
  dropBlocking(): void {
    if (this.blockingClient === null) return;
    this.closing.add(this.blockingClient);
    this.blockingClient.disconnect();
    this.blockingClient = null;
  }

  async close(): Promise<void> {
    this.dropBlocking();
    this.closing.add(this.main);
    if (this.main.status === 'ready') await this.main.quit().catch(() => this.main.disconnect());
    else this.main.disconnect();
  }

  private client(extra: RedisOptions): Redis {
    const path = socketPath(this.options.host);
    const client = new (RedisClient())({
      ...(path === null ? { host: this.options.host, port: this.options.port } : { path }),
      db: this.options.db,
      ...(this.options.password === null ? {} : { password: this.options.password }),
      lazyConnect: true,
      connectTimeout: this.options.socketTimeout === null ? 10_000 : this.options.socketTimeout * 1000,
      maxRetriesPerRequest: this.retry ? null : 0,
      enableOfflineQueue: this.retry,
      retryStrategy: this.retry ? backoffMs : () => null,
      ...extra,
    });
    client.on('error', (error: Error) => this.reportOutage(client, error.message));
    client.on('close', () => this.reportOutage(client, 'connection closed'));
    client.on('ready', () => {
      if (!this.outage) return;
      this.outage = false;
      this.logger('info', `Redis at ${this.address} is reachable again.`);
    });
    return client;
  }

  private reportOutage(client: Redis, reason: string): void {
    if (!this.retry || this.closing.has(client) || this.outage) return;
    this.outage = true;
    this.logger('warning', `Redis at ${this.address} is unreachable (${reason}); retrying with backoff until it is back.`);
  }
}

function waitReady(client: Redis, retry: boolean): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      client.off('ready', onReady);
      client.off('end', onEnd);
    };
    const onReady = (): void => {
      cleanup();
      resolve();
    };
    const onEnd = (): void => {
      cleanup();
      reject(new Error('connection closed'));
    };
    client.on('ready', onReady);
    client.on('end', onEnd);
    if (client.status === 'wait') {
      client.connect().catch((error: unknown) => {
        // With retries the reconnect loop goes on in the background; without, this is the answer.
        if (!retry) {
          cleanup();
          reject(error);
        }
      });
    }
  });
}

/** A Lua script run by SHA, loaded again when the server forgot it (restart, SCRIPT FLUSH). */
export class RedisScript {
  private readonly sha: string;

  constructor(private readonly lua: string) {
    this.sha = createHash('sha1').update(lua).digest('hex');
  }

  async run(client: Redis, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
    try {
      return await client.callBuffer('EVALSHA', [this.sha, keys.length, ...keys, ...args]);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return client.callBuffer('EVAL', [this.lua, keys.length, ...keys, ...args]);
    }
  }
}
