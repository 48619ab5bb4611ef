import type { BrokerAdmin } from './broker.ts';
import { wrapBrokerError } from './errors.ts';
import { redisAddress, RedisLink, type RedisConnectionOptions } from './redis-connection.ts';
import { scanKeys, sourceOfInternal } from './redis-keys.ts';

/** intelmqctl's view of a Redis pipeline database; fails fast instead of waiting for an unreachable server. */
export class RedisAdmin implements BrokerAdmin {
  readonly kind = 'redis';
  readonly hasInternalQueues = true;
  private link: RedisLink | null = null;

  constructor(private readonly options: RedisConnectionOptions) {}

  count(queues: readonly string[]): Promise<Record<string, number>> {
    return this.run(`counting ${queues.length} queue(s)`, async (link) => {
      const pipeline = link.main.pipeline();
      for (const queue of queues) pipeline.llen(queue);
      const replies = (await pipeline.exec()) ?? [];
      return Object.fromEntries(queues.map((queue, i) => {
        const [error, size] = replies[i] ?? [new Error('no reply'), 0];
        if (error) throw error;
        return [queue, Number(size)];
      }));
    });
  }

  /** Sums the in-flight lists of all workers (`<queue>-internal`, `<queue>-internal.<n>`). */
  inFlight(queues: readonly string[]): Promise<Record<string, number>> {
    return this.run('counting in-flight messages', async (link) => {
      const totals: Record<string, number> = Object.fromEntries(queues.map((q) => [q, 0]));
      for (const key of await scanKeys(link.main, '*-internal*')) {
        const owner = sourceOfInternal(key);
        if (owner === null || !Object.hasOwn(totals, owner.queue)) continue;
        totals[owner.queue] = (totals[owner.queue] ?? 0) + (await link.main.llen(key));
      }
      return totals;
    });
  }

  clear(queue: string): Promise<void> {
    return this.run(`clearing queue '${queue}'`, async (link) => {
      await link.main.del(queue);
    });
  }

  /** Every key of the pipeline database is a non-empty list (Redis deletes empty ones), internal lists included, as upstream. */
  nonEmptyQueues(): Promise<Set<string>> {
    return this.run('listing queues', async (link) => new Set(await scanKeys(link.main, '*')));
  }

  async close(): Promise<void> {
    await this.link?.close();
    this.link = null;
  }

  private async run<T>(what: string, operation: (link: RedisLink) => Promise<T>): Promise<T> {
    try {
      if (this.link === null) {
        const link = new RedisLink(this.options, () => {}, false);
        await link.ready().catch(async (error: unknown) => {
          await link.close();
          throw error;
        });
        this.link = link;
      }
      return await operation(this.link);
    } catch (error) {
      throw wrapBrokerError(`redis ${redisAddress(this.options)}, ${what}`, error);
    }
  }
}
