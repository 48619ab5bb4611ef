import type { Channel, ChannelModel, ConfirmChannel, ConsumeMessage } from 'amqplib';
import { BaseBroker, type Claimed, type QueueBatch } from './base.ts';
import type { PipelineConfig } from './broker.ts';
import { amqpAddress, connectAmqp, isConnectionLoss, isNotFound, probeChannel, QUEUE_ARGUMENTS, type AmqpConnectionOptions } from './amqp-connection.ts';
import { backoffMs, sleep } from './util.ts';

interface AmqpHeld {
  /** The newest delivery of the batch: one ack/nack with `allUpTo` settles the whole batch. */
  readonly last: ConsumeMessage;
  /** Connection generation the deliveries came from; their tags mean nothing on another connection. */
  readonly generation: number;
}

/** An open connection with its publisher-confirm channel (also used for consuming). */
interface Session {
  readonly model: ChannelModel;
  readonly channel: ConfirmChannel;
  readonly generation: number;
  probe: Channel | null;
  consumer: { tag: string; prefetch: number } | null;
}

/**
 * AMQP 0-9-1 (RabbitMQ). Messages are persistent and published with
 * `mandatory`; a batch counts as sent once every publisher confirm arrived,
 * and only then may the input be acknowledged. Deliveries are acknowledged
 * manually; the prefetch follows the largest batch size asked for, so the
 * broker never pushes more than one batch ahead. When RabbitMQ drops the
 * connection, the broker reconnects with backoff and consumes again; the
 * unacknowledged deliveries are redelivered by RabbitMQ itself.
 */
export class AmqpBroker extends BaseBroker<AmqpHeld> {
  readonly kind = 'amqp';
  readonly hasInternalQueues = false;
  private session: Session | null = null;
  private generation = 0;
  private reconnecting: Promise<void> | null = null;
  private closed = new AbortController();
  private outage = false;
  private buffer: ConsumeMessage[] = [];
  private readonly wakers = new Set<() => void>();
  private readonly returnSinks = new Set<string[]>();

  constructor(config: PipelineConfig, private readonly options: AmqpConnectionOptions) {
    super(config);
  }

  protected describe(): string {
    return `amqp ${amqpAddress(this.options)}`;
  }

  async connect(): Promise<void> {
    if (this.session !== null) return;
    if (this.reconnecting === null) {
      this.closed = new AbortController();
      this.establish().catch(() => {}); // the same failure reaches us through usable()
    }
    await this.guard('connecting', () => this.usable());
  }

  async disconnect(): Promise<void> {
    this.closed.abort();
    const session = this.session;
    this.session = null;
    this.buffer = [];
    this.settle();
    this.wake();
    if (session === null) return;
    // Channel first: amqplib multiplexes channels, so a connection.close could
    // overtake the last basic.ack; channel.close-ok comes after it. Deliveries
    // still unacknowledged then go back to their queue.
    await session.channel.close().catch(() => {});
    await session.model.close().catch(() => {});
  }

  protected async claim(queue: string, max: number, maxWaitMs: number, signal?: AbortSignal): Promise<Claimed<AmqpHeld> | null> {
    const deadline = performance.now() + maxWaitMs;
    for (;;) {
      const session = await this.usable(signal);
      await this.consume(session, queue, max);
      if (this.buffer.length > 0) {
        const taken = this.buffer.splice(0, max);
        return { bodies: taken.map((m) => m.content), held: { last: taken.at(-1) as ConsumeMessage, generation: session.generation } };
      }
      const left = deadline - performance.now();
      if (left <= 0) return null;
      await this.nextEvent(left, signal);
    }
  }

  protected async ack(held: AmqpHeld): Promise<void> {
    const session = this.sessionOf(held);
    if (session !== null) session.channel.ack(held.last, true);
  }

  /**
   * Requeues the batch and everything prefetched after it, so RabbitMQ puts
   * them back in their original order and the rejected batch is received next.
   */
  protected async giveBack(held: AmqpHeld): Promise<void> {
    const session = this.sessionOf(held);
    if (session !== null) await this.stopConsuming(session);
  }

  /** Publishes and waits for the confirms; after a connection loss it reconnects and sends the batch once more. */
  protected async write(batch: QueueBatch): Promise<void> {
    try {
      await this.publish(await this.usable(), batch);
    } catch (error) {
      if (!isConnectionLoss(error) || this.closed.signal.aborted) throw error;
      await this.publish(await this.usable(), batch);
    }
  }

  /** Waiting messages via a passive declare: one round trip, cheap enough before every batch. */
  protected async queueSize(queue: string): Promise<number> {
    const session = await this.usable();
    session.probe ??= await probeChannel(session.model);
    try {
      return (await session.probe.checkQueue(queue)).messageCount;
    } catch (error) {
      session.probe = null;
      if (isNotFound(error)) return 0;
      throw error;
    }
  }

  private async publish(session: Session, batch: QueueBatch): Promise<void> {
    const { channel } = session;
    const returned: string[] = [];
    this.returnSinks.add(returned);
    try {
      for (const [queue, messages] of batch) {
        for (const message of messages) {
          const accepted = channel.publish(this.options.exchange, queue, Buffer.from(message, 'utf8'), { persistent: true, mandatory: true });
          if (!accepted) await drained(channel);
        }
      }
      await channel.waitForConfirms();
    } finally {
      this.returnSinks.delete(returned);
    }
    // RabbitMQ returns a mandatory message before confirming it, so all returns of this batch are in.
    if (returned.length > 0) throw new Error(`unroutable message(s), no queue bound for routing key(s) ${[...new Set(returned)].map((q) => `'${q}'`).join(', ')}`);
  }

  /** The session the held deliveries came from, or null (with a warning) when it is gone. */
  private sessionOf(held: AmqpHeld): Session | null {
    const session = this.session;
    if (session !== null && session.generation === held.generation) return session;
    // Delivery tags die with their connection; RabbitMQ has requeued these messages already.
    this.config.logger('warning', `${this.describe()}: the connection the message(s) came from is gone; RabbitMQ delivers them again.`);
    return null;
  }

  /**
   * Cancels the consumer and requeues every unacknowledged delivery. Cancel
   * comes first: a nack racing deliveries still on the wire would leave
   * stale delivery tags in the buffer.
   */
  private async stopConsuming(session: Session): Promise<void> {
    if (session.consumer !== null) {
      await session.channel.cancel(session.consumer.tag);
      session.consumer = null;
    }
    session.channel.nackAll(true);
    this.buffer = [];
  }

  /** (Re)starts the consumer when there is none or its prefetch is smaller than the batch asked for. */
  private async consume(session: Session, queue: string, max: number): Promise<void> {
    if (session.consumer !== null && session.consumer.prefetch >= max) return;
    // Nothing is held while claiming, so every unacknowledged delivery is a buffered one.
    if (session.consumer !== null) await this.stopConsuming(session);
    if (this.options.exchange === '') await session.channel.assertQueue(queue, QUEUE_ARGUMENTS);
    await session.channel.prefetch(max);
    const { consumerTag } = await session.channel.consume(queue, (message) => {
      if (this.session !== session) return;
      if (message === null) session.consumer = null; // cancelled by the server, e.g. the queue was deleted
      else this.buffer.push(message);
      this.wake();
    }, { noAck: false });
    session.consumer = { tag: consumerTag, prefetch: max };
  }

  /** The current session, waiting through a reconnect in progress. */
  private async usable(signal?: AbortSignal): Promise<Session> {
    for (;;) {
      if (this.session !== null) return this.session;
      if (this.reconnecting === null) throw new Error('not connected');
      await abortable(this.reconnecting, signal);
    }
  }

  /** Resolves on the next delivery, cancellation or reconnect, or after `timeoutMs`; rejects on abort. */
  private nextEvent(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.wakers.delete(done);
        signal?.removeEventListener('abort', onAbort);
      };
      const done = (): void => {
        cleanup();
        resolve();
      };
      const onAbort = (): void => {
        cleanup();
        reject(signal?.reason);
      };
      const timer = setTimeout(done, Math.min(timeoutMs, 2 ** 31 - 1));
      this.wakers.add(done);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private wake(): void {
    for (const waker of [...this.wakers]) waker();
  }

  /** Opens a session, retrying connection losses with backoff (one log line per outage) until `disconnect`. */
  private establish(): Promise<void> {
    const attempt = async (): Promise<void> => {
      for (let tries = 1; ; tries += 1) {
        try {
          const session = await this.open();
          if (this.closed.signal.aborted) {
            await session.model.close().catch(() => {});
            throw this.closed.signal.reason;
          }
          this.session = session;
          if (this.outage) this.config.logger('info', `${this.describe()} is reachable again.`);
          this.outage = false;
          return;
        } catch (error) {
          if (!isConnectionLoss(error) || this.closed.signal.aborted) throw error;
          this.reportOutage(error);
          await sleep(backoffMs(tries), this.closed.signal);
        }
      }
    };
    const pending = attempt().finally(() => {
      this.reconnecting = null;
      this.wake();
    });
    this.reconnecting = pending;
    return pending;
  }

  private async open(): Promise<Session> {
    const model = await connectAmqp(this.options);
    try {
      const channel = await model.createConfirmChannel();
      const session: Session = { model, channel, generation: ++this.generation, probe: null, consumer: null };
      model.on('error', () => {}); // always followed by 'close', handled there
      model.on('close', (error?: Error) => this.lost(session, error));
      // A channel error (e.g. a protocol violation) leaves the connection up but the channel dead: start over.
      channel.on('error', () => {});
      channel.on('close', () => void model.close().catch(() => {}));
      channel.on('return', (message: ConsumeMessage) => {
        for (const sink of this.returnSinks) sink.push(message.fields.routingKey);
      });
      if (this.options.exchange === '') {
        const queues = new Set([...(this.config.sourceQueue === null ? [] : [this.config.sourceQueue]), ...Object.values(this.config.destinations).flat()]);
        for (const queue of queues) await channel.assertQueue(queue, QUEUE_ARGUMENTS);
      }
      return session;
    } catch (error) {
      await model.close().catch(() => {});
      throw error;
    }
  }

  private lost(session: Session, error: Error | undefined): void {
    if (this.session !== session) return;
    this.session = null;
    this.buffer = [];
    if (this.closed.signal.aborted) return;
    this.reportOutage(error ?? new Error('connection closed'));
    this.establish().catch((failure: unknown) => {
      if (!this.closed.signal.aborted) this.config.logger('error', `${this.describe()}: reconnecting failed: ${failure instanceof Error ? failure.message : String(failure)}`);
    });
  }

  private reportOutage(error: unknown): void {
    if (this.outage) return;
    this.outage = true;
    this.config.logger('warning', `${this.describe()} is unreachable (${error instanceof Error ? error.message : String(error)}); reconnecting with backoff.`);
  }
}

function drained(channel: ConfirmChannel): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      channel.off('drain', done);
      channel.off('close', done);
      resolve();
    };
    channel.on('drain', done);
    channel.on('close', done);
  });
}

function abortable<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (signal === undefined) return promise;
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
