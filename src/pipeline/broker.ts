import type { DecodingError } from '../message/errors.ts';

/** The brokers this implementation speaks. `embedded` needs no server and is the default. */
export type BrokerKind = 'embedded' | 'redis' | 'amqp';

export type Direction = 'source' | 'destination';

/**
 * One received message: its text, or a DecodingError carrying the raw bytes
 * when they were not valid UTF-8 (the bot dumps those; retrying cannot help).
 */
export type Received = string | DecodingError;

/** A message to send and the named path (`destination_queues` key) it goes to. */
export interface OutboundMessage {
  readonly message: string;
  /** Defaults to `_default`. */
  readonly path?: string;
}

export interface SendOptions {
  /** Drop messages for paths that are not configured instead of failing (upstream `path_permissive`). */
  readonly pathPermissive?: boolean;
  /**
   * Acknowledge what this source broker holds once the messages are durably
   * enqueued. When both live on the same store (one Redis db, one SQLite file)
   * enqueue and acknowledgement are a single atomic transaction.
   */
  readonly acknowledge?: Broker;
}

export type LogLevel = 'debug' | 'info' | 'warning' | 'error';

/** Where brokers report connection trouble; the bot runtime passes its logger. */
export type PipelineLogger = (level: LogLevel, message: string) => void;

/** `destination_queues` after normalisation: path → queue names. */
export type DestinationMap = Readonly<Record<string, readonly string[]>>;

/** What every broker needs besides its connection parameters. */
export interface PipelineConfig {
  /** The queue this broker consumes from; null for a send-only broker. */
  readonly sourceQueue: string | null;
  readonly destinations: DestinationMap;
  /** Send each message to one queue of its path, round-robin, instead of to all of them. */
  readonly loadBalance: boolean;
  /**
   * Index of this consumer among the workers sharing `sourceQueue`
   * (`instances_threads`), and their number. In-flight messages belong to a
   * worker index; worker 0 recovers those of indexes >= `workers`.
   */
  readonly worker: number;
  readonly workers: number;
  readonly logger: PipelineLogger;
}

/**
 * A connection to a message broker for one bot (or one of its workers).
 *
 * Delivery is at least once: received messages stay in flight, owned by this
 * consumer, until acknowledged; if the consumer dies they are delivered again
 * to the next consumer with the same worker index (Redis, embedded) or to any
 * consumer (AMQP). At most one message or batch is held at a time, as upstream.
 */
export interface Broker {
  readonly kind: BrokerKind;
  /** True when in-flight messages are visible as separate queues (upstream's `-internal` lists). */
  readonly hasInternalQueues: boolean;

  connect(): Promise<void>;
  disconnect(): Promise<void>;

  /**
   * Up to `max` messages of the source queue, oldest first. Resolves as soon
   * as at least one is available; when none is, waits up to `maxWaitMs`
   * (Infinity: until one arrives) and then resolves to []. Rejects with the
   * signal's reason when `signal` aborts (shutdown).
   */
  receiveBatch(max: number, maxWaitMs: number, signal?: AbortSignal): Promise<Received[]>;
  /** One message, waiting as long as it takes; throws DecodingError for invalid UTF-8 (still held, so it can be acknowledged). */
  receive(signal?: AbortSignal): Promise<string>;
  /** Removes the held message or batch from the broker. */
  acknowledge(): Promise<void>;
  /** Gives the held message or batch back; it is the next thing received. */
  reject(): Promise<void>;

  send(message: string, path?: string, pathPermissive?: boolean): Promise<void>;
  /** Enqueues all messages (fan-out or load-balanced per path), in one round trip or transaction where the broker allows. */
  sendBatch(items: readonly OutboundMessage[], options?: SendOptions): Promise<void>;

  /** Messages waiting in `queue` (not counting in-flight ones). Cheap: meant for high-water-mark checks before taking input. */
  count(queue: string): Promise<number>;
  /** Number of messages currently held (received, not yet acknowledged or rejected). */
  readonly heldCount: number;
}

/** Queue administration for intelmqctl, built from the global configuration only. */
export interface BrokerAdmin {
  readonly kind: BrokerKind;
  readonly hasInternalQueues: boolean;
  /** Waiting messages per queue. */
  count(queues: readonly string[]): Promise<Record<string, number>>;
  /** Received but unacknowledged messages per source queue, summed over all workers. */
  inFlight(queues: readonly string[]): Promise<Record<string, number>>;
  /** Drops the waiting messages of a queue. */
  clear(queue: string): Promise<void>;
  /**
   * Names of queues holding messages. Brokers that cannot enumerate queues
   * (AMQP without the management API) check `candidates` instead.
   */
  nonEmptyQueues(candidates?: readonly string[]): Promise<Set<string>>;
  close(): Promise<void>;
}
