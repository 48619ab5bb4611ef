import type { Channel, ChannelModel } from 'amqplib';
import type { BrokerAdmin } from './broker.ts';
import { PipelineError, wrapBrokerError } from './errors.ts';
import { amqpAddress, connectAmqp, isNotFound, probeChannel, type AmqpConnectionOptions } from './amqp-connection.ts';

const MANAGEMENT_TIMEOUT_MS = 5000;

export interface AmqpAdminOptions extends AmqpConnectionOptions {
  /** Management API base (`intelmqctl_rabbitmq_monitoring_url`), `{host}` replaced by the pipeline host. */
  readonly monitoringUrl: string;
}

interface ManagedQueue {
  name: string;
  vhost: string;
  messages?: number;
  messages_ready?: number;
  messages_unacknowledged?: number;
}

/**
 * intelmqctl's view of RabbitMQ. Sizes come from the management HTTP API
 * (which also knows unacknowledged counts and every queue's name) when it
 * answers; otherwise from passive declares over AMQP, which see only the
 * queues asked about.
 */
export class AmqpAdmin implements BrokerAdmin {
  readonly kind = 'amqp';
  readonly hasInternalQueues = false;
  private model: ChannelModel | null = null;
  private channel: Channel | null = null;

  constructor(private readonly options: AmqpAdminOptions) {}

  /** Management API URL, normalised to end with `/`. */
  get monitoringUrl(): string {
    const url = this.options.monitoringUrl.replaceAll('{host}', this.options.host);
    return url.endsWith('/') ? url : `${url}/`;
  }

  /** Upstream counts `messages` (waiting + unacknowledged) from the API; the passive-declare fallback sees waiting ones only. */
  count(queues: readonly string[]): Promise<Record<string, number>> {
    return this.run('counting queues', async () => {
      const managed = await this.managedQueues();
      if (managed !== null) return Object.fromEntries(queues.map((q) => [q, managed.get(q)?.messages ?? 0]));
      const sizes: Record<string, number> = {};
      for (const queue of queues) sizes[queue] = await this.waiting(queue);
      return sizes;
    });
  }

  inFlight(queues: readonly string[]): Promise<Record<string, number>> {
    return this.run('counting unacknowledged messages', async () => {
      const managed = await this.managedQueues();
      if (managed === null) throw new Error(`unacknowledged counts need the management API, which does not answer at ${this.monitoringUrl}`);
      return Object.fromEntries(queues.map((q) => [q, managed.get(q)?.messages_unacknowledged ?? 0]));
    });
  }

  /**
   * Purges instead of upstream's queue.delete: deleting would cancel the
   * consumers of a running bot and drop the queue's declaration.
   */
  clear(queue: string): Promise<void> {
    return this.run(`clearing queue '${queue}'`, async () => {
      try {
        await (await this.open()).purgeQueue(queue);
      } catch (error) {
        this.channel = null;
        if (!isNotFound(error)) throw error;
      }
    });
  }

  nonEmptyQueues(candidates: readonly string[] = []): Promise<Set<string>> {
    return this.run('listing queues', async () => {
      const managed = await this.managedQueues();
      if (managed !== null) return new Set([...managed.values()].filter((q) => (q.messages ?? 0) > 0).map((q) => q.name));
      const found = new Set<string>();
      for (const queue of candidates) if ((await this.waiting(queue)) > 0) found.add(queue);
      return found;
    });
  }

  async close(): Promise<void> {
    const model = this.model;
    this.model = null;
    this.channel = null;
    await model?.close().catch(() => {});
  }

  /** Queues of our vhost by name, or null when the API cannot be reached (not enabled, firewalled). */
  private async managedQueues(): Promise<Map<string, ManagedQueue> | null> {
    const url = `${this.monitoringUrl}api/queues/${encodeURIComponent(this.options.vhost)}`;
    const auth = Buffer.from(`${this.options.username ?? 'guest'}:${this.options.password ?? 'guest'}`).toString('base64');
    let response: Response;
    try {
      response = await fetch(url, { headers: { authorization: `Basic ${auth}` }, signal: AbortSignal.timeout(MANAGEMENT_TIMEOUT_MS) });
    } catch {
      return null;
    }
    const body: unknown = await response.json().catch(() => null);
    if (response.status === 401) {
      const reason = (body as { reason?: string } | null)?.reason ?? 'not_authorised';
      throw new PipelineError(`User is not authorised: ${reason} (the user needs the RabbitMQ tag "monitoring")`);
    }
    if (!response.ok || !Array.isArray(body)) throw new PipelineError(`RabbitMQ management API at ${url} answered ${response.status}`);
    const queues = (body as ManagedQueue[]).filter((q) => q.vhost === this.options.vhost);
    return new Map(queues.map((q) => [q.name, q]));
  }

  private async waiting(queue: string): Promise<number> {
    try {
      return (await (await this.open()).checkQueue(queue)).messageCount;
    } catch (error) {
      this.channel = null;
      if (isNotFound(error)) return 0;
      throw error;
    }
  }

  private async open(): Promise<Channel> {
    if (this.model === null) {
      const model = await connectAmqp(this.options);
      model.on('error', () => {});
      model.on('close', () => {
        if (this.model !== model) return;
        this.model = null;
        this.channel = null;
      });
      this.model = model;
    }
    this.channel ??= await probeChannel(this.model);
    return this.channel;
  }

  private async run<T>(what: string, operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw wrapBrokerError(`amqp ${amqpAddress(this.options)}, ${what}`, error);
    }
  }
}
