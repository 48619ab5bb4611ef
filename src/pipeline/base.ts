import { DecodingError } from '../message/errors.ts';
import type { Broker, BrokerKind, OutboundMessage, PipelineConfig, Received, SendOptions } from './broker.ts';
import { DEFAULT_PATH, Router } from './destinations.ts';
import { PipelineError, wrapBrokerError } from './errors.ts';
import { decode, groupByQueue } from './util.ts';

/** Messages of one send, per destination queue, in order. */
export type QueueBatch = ReadonlyMap<string, readonly string[]>;

/** What a broker's claim step returns: the raw bodies and its own record of them for acknowledging. */
export interface Claimed<Held> {
  readonly bodies: readonly (Buffer | string)[];
  readonly held: Held;
}

/**
 * The broker-independent half: the one-batch-in-flight rule and its upstream
 * error texts, routing of paths to queues, decoding and error wrapping.
 * Subclasses only talk to their server.
 */
export abstract class BaseBroker<Held> implements Broker {
  abstract readonly kind: BrokerKind;
  abstract readonly hasInternalQueues: boolean;
  protected held: Held | null = null;
  private heldSize = 0;
  private readonly router: Router;

  constructor(protected readonly config: PipelineConfig) {
    this.router = new Router(config.destinations, config.loadBalance);
  }

  get heldCount(): number {
    return this.heldSize;
  }

  /** Broker and address for error messages, e.g. `redis 127.0.0.1:6379 db 2`. */
  protected abstract describe(): string;
  abstract connect(): Promise<void>;
  abstract disconnect(): Promise<void>;
  /** Moves up to `max` messages into flight; resolves to null when none arrived within `maxWaitMs`. */
  protected abstract claim(queue: string, max: number, maxWaitMs: number, signal?: AbortSignal): Promise<Claimed<Held> | null>;
  protected abstract ack(held: Held): Promise<void>;
  protected abstract giveBack(held: Held): Promise<void>;
  protected abstract write(batch: QueueBatch): Promise<void>;
  protected abstract queueSize(queue: string): Promise<number>;

  /**
   * Writes `batch` and acknowledges what `source` holds in one atomic step,
   * if `source` lives on the same store; false tells the caller to do both
   * separately. Implementations call `source.settle()` on success.
   */
  protected writeAcknowledging(_batch: QueueBatch, _source: Broker): Promise<boolean> {
    return Promise.resolve(false);
  }

  async receiveBatch(max: number, maxWaitMs: number, signal?: AbortSignal): Promise<Received[]> {
    if (this.held !== null) throw new PipelineError("There's already a message, first acknowledge the existing one.");
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`batch size must be a positive integer, got ${max}`);
    const queue = this.sourceQueue();
    signal?.throwIfAborted();
    const claimed = await this.guard(`receiving from queue '${queue}'`, () => this.claim(queue, max, maxWaitMs, signal), signal);
    if (claimed === null || claimed.bodies.length === 0) return [];
    // Held before decoding, so a DecodingError can still be acknowledged (dropped) by the bot.
    this.held = claimed.held;
    this.heldSize = claimed.bodies.length;
    return claimed.bodies.map(decode);
  }

  async receive(signal?: AbortSignal): Promise<string> {
    for (;;) {
      const [first] = await this.receiveBatch(1, Infinity, signal);
      if (first instanceof DecodingError) throw first;
      if (first !== undefined) return first;
    }
  }

  async acknowledge(): Promise<void> {
    const held = this.requireHeld();
    await this.guard(`acknowledging on queue '${this.config.sourceQueue}'`, () => this.ack(held));
    this.settle();
  }

  async reject(): Promise<void> {
    const held = this.requireHeld();
    await this.guard(`rejecting on queue '${this.config.sourceQueue}'`, () => this.giveBack(held));
    this.settle();
  }

  send(message: string, path: string = DEFAULT_PATH, pathPermissive = false): Promise<void> {
    return this.sendBatch([{ message, path }], { pathPermissive });
  }

  async sendBatch(items: readonly OutboundMessage[], options: SendOptions = {}): Promise<void> {
    const pathPermissive = options.pathPermissive ?? false;
    const pairs: [string, string][] = [];
    for (const item of items) {
      for (const queue of this.router.route(item.path ?? DEFAULT_PATH, pathPermissive)) pairs.push([queue, item.message]);
    }
    const batch = groupByQueue(pairs);
    const source = options.acknowledge;
    const where = `sending to ${[...batch.keys()].map((q) => `'${q}'`).join(', ') || 'no queue'}`;
    if (source !== undefined) {
      if (source.heldCount === 0) throw new PipelineError('No message to acknowledge.');
      if (await this.guard(where, () => this.writeAcknowledging(batch, source))) return;
    }
    if (batch.size > 0) await this.guard(where, () => this.write(batch));
    if (source !== undefined) await source.acknowledge();
  }

  count(queue: string): Promise<number> {
    return this.guard(`counting queue '${queue}'`, () => this.queueSize(queue));
  }

  /** Forgets the held batch once the broker has removed or taken it back. */
  protected settle(): void {
    this.held = null;
    this.heldSize = 0;
  }

  protected sourceQueue(): string {
    if (this.config.sourceQueue === null) throw new PipelineError(`${this.describe()}: no source queue configured`);
    return this.config.sourceQueue;
  }

  /** Runs a broker operation; library errors become PipelineErrors naming broker, address and queue. */
  protected async guard<T>(what: string, operation: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      throw wrapBrokerError(`${this.describe()}, ${what}`, error);
    }
  }

  private requireHeld(): Held {
    if (this.held === null) throw new PipelineError('No message to acknowledge.');
    return this.held;
  }
}
