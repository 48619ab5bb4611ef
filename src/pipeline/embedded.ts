import { BaseBroker, type Claimed, type QueueBatch } from './base.ts';
import type { Broker, BrokerAdmin, PipelineConfig } from './broker.ts';
import { wrapBrokerError } from './errors.ts';
import { closeStore, openStore, type EmbeddedStore, type InFlight } from './embedded-store.ts';

export interface EmbeddedOptions {
  /** The SQLite database file shared by all bots, e.g. `<root>/var/lib/broker.sqlite3`. */
  readonly path: string;
}

/**
 * The default broker: no server, one SQLite file in WAL mode shared by every
 * bot process. In-flight messages stay in the database, owned by
 * (queue, worker index), so a consumer killed at any point gets them back on
 * restart; worker 0 also takes over those of worker indexes that no longer
 * exist (`instances_threads` was lowered).
 */
export class EmbeddedBroker extends BaseBroker<InFlight> {
  readonly kind = 'embedded';
  readonly hasInternalQueues = true;
  private store: EmbeddedStore | null = null;
  /** False once a claim showed this worker holds no rows, so idle polls can skip the write transaction. */
  private mayHoldRows = true;

  constructor(config: PipelineConfig, private readonly options: EmbeddedOptions) {
    super(config);
  }

  protected describe(): string {
    return `embedded broker ${this.options.path}`;
  }

  async connect(): Promise<void> {
    if (this.store !== null) return;
    const store = await this.guard('opening the database', async () => openStore(this.options.path));
    this.store = store;
    this.mayHoldRows = true;
    const queue = this.config.sourceQueue;
    if (queue === null || this.config.worker !== 0) return;
    const taken = await this.guard(`taking over in-flight messages of retired workers of queue '${queue}'`, () => store.handOverRetired(queue, this.config.workers));
    if (taken > 0) this.config.logger('info', `Took over ${taken} in-flight message(s) of retired workers of queue '${queue}'.`);
  }

  async disconnect(): Promise<void> {
    if (this.store === null) return;
    closeStore(this.store);
    this.store = null;
    this.settle();
  }

  protected async claim(queue: string, max: number, maxWaitMs: number, signal?: AbortSignal): Promise<Claimed<InFlight> | null> {
    const store = this.open();
    const { worker } = this.config;
    const deadline = performance.now() + maxWaitMs;
    for (;;) {
      if (this.mayHoldRows || store.waiting(queue) > 0) {
        const rows = await store.claim(queue, worker, max);
        this.mayHoldRows = rows.length >= max;
        const last = rows.at(-1);
        if (last !== undefined) return { bodies: rows.map((row) => row.body), held: { queue, worker, maxId: last.id } };
      }
      const left = deadline - performance.now();
      if (left <= 0) return null;
      // Another consumer may win the race for what woke us; then wait again.
      if (!(await store.changes.waitUntil(() => store.waiting(queue) > 0, left, signal))) return null;
    }
  }

  protected async ack(held: InFlight): Promise<void> {
    await this.open().acknowledge(held);
  }

  /** Rejected rows stay owned by this worker and are the next claim's first rows, like Redis' internal list. */
  protected async giveBack(): Promise<void> {
    this.mayHoldRows = true;
  }

  protected async write(batch: QueueBatch): Promise<void> {
    await this.open().write(batch, null);
  }

  protected override async writeAcknowledging(batch: QueueBatch, source: Broker): Promise<boolean> {
    if (!(source instanceof EmbeddedBroker) || source.store !== this.open() || source.held === null) return false;
    await this.open().write(batch, source.held);
    source.settle();
    return true;
  }

  protected async queueSize(queue: string): Promise<number> {
    return this.open().waiting(queue);
  }

  private open(): EmbeddedStore {
    if (this.store === null) throw new Error('not connected');
    return this.store;
  }
}

/** intelmqctl's view of the embedded broker. */
export class EmbeddedAdmin implements BrokerAdmin {
  readonly kind = 'embedded';
  readonly hasInternalQueues = true;
  private store: EmbeddedStore | null = null;

  constructor(private readonly options: EmbeddedOptions) {}

  count(queues: readonly string[]): Promise<Record<string, number>> {
    return this.run('counting queues', async (store) => Object.fromEntries(queues.map((q) => [q, store.waiting(q)])));
  }

  inFlight(queues: readonly string[]): Promise<Record<string, number>> {
    return this.run('counting in-flight messages', async (store) => Object.fromEntries(queues.map((q) => [q, store.inFlight(q)])));
  }

  clear(queue: string): Promise<void> {
    return this.run(`clearing queue '${queue}'`, (store) => store.clear(queue));
  }

  /** Queues with waiting or in-flight messages. */
  nonEmptyQueues(): Promise<Set<string>> {
    return this.run('listing queues', async (store) => store.nonEmptyQueues());
  }

  async close(): Promise<void> {
    if (this.store !== null) closeStore(this.store);
    this.store = null;
  }

  private async run<T>(what: string, operation: (store: EmbeddedStore) => Promise<T>): Promise<T> {
    try {
      this.store ??= openStore(this.options.path);
      return await operation(this.store);
    } catch (error) {
      throw wrapBrokerError(`embedded broker ${this.options.path}, ${what}`, error);
    }
  }
}
