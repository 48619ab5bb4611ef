import type { ChainableCommander, Redis } from 'ioredis';
import { BaseBroker, type Claimed, type QueueBatch } from './base.ts';
import type { Broker, PipelineConfig } from './broker.ts';
import { redisAddress, RedisLink, RedisScript, type RedisConnectionOptions } from './redis-connection.ts';
import { internalQueueOf, retiredWorkerLists } from './redis-keys.ts';

/**
 * Tops the in-flight list up to ARGV[1] messages from the source queue and
 * returns its oldest ARGV[1] entries. Because the in-flight list is emptied
 * only by acknowledgements, this is also upstream's re-delivery: whatever a
 * dead consumer left there comes back first. Idempotent, so ioredis may
 * resend it after a reconnect without losing or duplicating anything.
 */
const CLAIM = new RedisScript(`
local max = tonumber(ARGV[1])
for i = redis.call('LLEN', KEYS[2]) + 1, max do
  if not redis.call('RPOPLPUSH', KEYS[1], KEYS[2]) then break end
end
return redis.call('LRANGE', KEYS[2], -max, -1)
`);

/** Moves a retired worker's in-flight list back to the consuming end of the source queue, oldest last in, so it is consumed first. */
const RESTORE = new RedisScript(`
local n = 0
while true do
  local v = redis.call('LPOP', KEYS[1])
  if not v then return n end
  redis.call('RPUSH', KEYS[2], v)
  n = n + 1
end
`);

/** LPUSH arguments per command: keeps single commands (and Redis' reply buffers) bounded for huge batches. */
const PUSH_CHUNK = 1000;

interface RedisHeld {
  readonly internal: string;
  readonly count: number;
}

/**
 * Upstream's Redis layout, so Python IntelMQ bots and ours can share queues:
 * producers LPUSH to `<queue>`, consumers move from its right end into
 * `<queue>-internal` (BLMOVE RIGHT LEFT, or BRPOPLPUSH before Redis 6.2) and
 * remove it from there when acknowledging.
 *
 * Workers: upstream shares one internal list between threads, which
 * duplicates messages. Here worker n > 0 of a multi-worker bot owns
 * `<queue>-internal.<n>` and worker 0 keeps upstream's `<queue>-internal`, so
 * a single-worker bot is indistinguishable from a Python one. A worker
 * restarting with the same index gets its own list back; worker 0 also
 * returns the lists of indexes >= the configured number of workers to the
 * queue on connect (those workers will never come back).
 */
export class RedisBroker extends BaseBroker<RedisHeld> {
  readonly kind = 'redis';
  readonly hasInternalQueues = true;
  private link: RedisLink | null = null;
  private useBlmove = true;

  constructor(config: PipelineConfig, private readonly options: RedisConnectionOptions) {
    super(config);
  }

  /** Server identity: brokers with equal addresses can enqueue and acknowledge in one MULTI. */
  get address(): string {
    return redisAddress(this.options);
  }

  protected describe(): string {
    return `redis ${this.address}`;
  }

  async connect(): Promise<void> {
    if (this.link !== null) return;
    const link = new RedisLink(this.options, this.config.logger, true);
    this.link = link;
    await this.guard('connecting', async () => {
      await link.ready();
      const info = await link.main.info('server');
      const version = /redis_version:(\d+)\.(\d+)/.exec(info);
      this.useBlmove = version !== null && (Number(version[1]) > 6 || (Number(version[1]) === 6 && Number(version[2]) >= 2));
      const queue = this.config.sourceQueue;
      if (queue !== null && this.config.worker === 0) await this.restoreRetired(link.main, queue);
    }).catch(async (error: unknown) => {
      this.link = null;
      await link.close();
      throw error;
    });
  }

  async disconnect(): Promise<void> {
    const link = this.link;
    this.link = null;
    this.settle();
    if (link !== null) await link.close();
  }

  protected async claim(queue: string, max: number, maxWaitMs: number, signal?: AbortSignal): Promise<Claimed<RedisHeld> | null> {
    const link = this.connected();
    const internal = internalQueueOf(queue, this.config.worker);
    let bodies = await claimScript(link.main, queue, internal, max);
    if (bodies.length === 0 && maxWaitMs > 0) {
      if ((await this.blockingMove(link, queue, internal, maxWaitMs, signal)) === null) return null;
      bodies = await claimScript(link.main, queue, internal, max);
    }
    if (bodies.length === 0) return null;
    // LRANGE lists the newest first; the bot gets the oldest first.
    bodies.reverse();
    return { bodies, held: { internal, count: bodies.length } };
  }

  /** Removes the acknowledged (oldest) entries, which sit at the right end of the in-flight list. */
  protected async ack(held: RedisHeld): Promise<void> {
    await this.connected().main.ltrim(held.internal, 0, -(held.count + 1));
  }

  /** Upstream: nothing to do, the message stays in the internal list and the next receive returns it. */
  protected async giveBack(): Promise<void> {}

  protected async write(batch: QueueBatch): Promise<void> {
    await execute(pushAll(this.connected().main.multi(), batch));
  }

  protected override async writeAcknowledging(batch: QueueBatch, source: Broker): Promise<boolean> {
    if (!(source instanceof RedisBroker) || source.address !== this.address || source.held === null) return false;
    const held = source.held;
    await execute(pushAll(this.connected().main.multi(), batch).ltrim(held.internal, 0, -(held.count + 1)));
    source.settle();
    return true;
  }

  protected async queueSize(queue: string): Promise<number> {
    return this.connected().main.llen(queue);
  }

  private async blockingMove(link: RedisLink, queue: string, internal: string, maxWaitMs: number, signal?: AbortSignal): Promise<Buffer | null> {
    // Redis takes seconds (fractions since 6.0); 0 blocks forever.
    const timeout = Number.isFinite(maxWaitMs) ? Math.max(maxWaitMs, 1) / 1000 : 0;
    const client = link.blocking();
    // Closing the connection is the only way to interrupt a blocked command. A
    // message it moved meanwhile sits in our own in-flight list and is claimed next time.
    const onAbort = (): void => link.dropBlocking();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return this.useBlmove
        ? await client.blmoveBuffer(queue, internal, 'RIGHT', 'LEFT', timeout)
        : await client.brpoplpushBuffer(queue, internal, Math.ceil(timeout));
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  private async restoreRetired(client: Redis, queue: string): Promise<void> {
    for (const list of await retiredWorkerLists(client, queue, this.config.workers)) {
      const restored = Number(await RESTORE.run(client, [list, queue], []));
      if (restored > 0) this.config.logger('info', `Returned ${restored} in-flight message(s) of retired worker list '${list}' to queue '${queue}'.`);
    }
  }

  private connected(): RedisLink {
    if (this.link === null) throw new Error('not connected');
    return this.link;
  }
}

async function claimScript(client: Redis, queue: string, internal: string, max: number): Promise<Buffer[]> {
  const reply = await CLAIM.run(client, [queue, internal], [max]);
  if (!Array.isArray(reply) || !reply.every((item) => Buffer.isBuffer(item))) throw new Error(`unexpected reply to the claim script: ${String(reply)}`);
  return reply;
}

function pushAll(multi: ChainableCommander, batch: QueueBatch): ChainableCommander {
  for (const [queue, messages] of batch) {
    for (let i = 0; i < messages.length; i += PUSH_CHUNK) multi.lpush(queue, ...messages.slice(i, i + PUSH_CHUNK));
  }
  return multi;
}

/** EXEC, turning per-command failures (and EXECABORT's queued errors, e.g. OOM) into one error with their texts. */
async function execute(multi: ChainableCommander): Promise<void> {
  let replies: [Error | null, unknown][] | null;
  try {
    replies = await multi.exec();
  } catch (error) {
    const previous = (error as { previousErrors?: Error[] }).previousErrors;
    if (previous?.length) throw new Error(previous.map((e) => e.message).join('; '), { cause: error });
    throw error;
  }
  if (replies === null) throw new Error('transaction aborted');
  const failed = replies.find(([error]) => error !== null);
  if (failed?.[0]) throw failed[0];
}
