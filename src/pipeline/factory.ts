import { InvalidArgument } from '../message/errors.ts';
import { AmqpAdmin } from './amqp-admin.ts';
import { AmqpBroker } from './amqp.ts';
import type { AmqpConnectionOptions } from './amqp-connection.ts';
import type { Broker, BrokerAdmin, BrokerKind, Direction, PipelineConfig, PipelineLogger } from './broker.ts';
import { normaliseDestinations } from './destinations.ts';
import { EmbeddedAdmin, EmbeddedBroker } from './embedded.ts';
import { RedisAdmin } from './redis-admin.ts';
import type { RedisConnectionOptions } from './redis-connection.ts';
import { RedisBroker } from './redis.ts';

/** A bot's (or the global section's) parameters, with upstream's names. */
export type PipelineParams = Readonly<Record<string, unknown>>;

const KINDS: readonly BrokerKind[] = ['embedded', 'redis', 'amqp'];
export const DEFAULT_BROKER: BrokerKind = 'embedded';
export const DEFAULT_MONITORING_URL = 'http://{host}:15672/';

export interface CreateBrokerOptions {
  /** Source: the queue name or null. Destination: `destination_queues` as configured (string, list or object). */
  readonly queues: unknown;
  /** Database file of the embedded broker when `embedded_pipeline_path` is not set. */
  readonly defaultEmbeddedPath: string;
  readonly logger?: PipelineLogger;
  /** Worker index and count for multi-worker bots (`instances_threads`); defaults 0 and 1. */
  readonly worker?: number;
  readonly workers?: number;
  /** AMQP connection name shown by RabbitMQ; defaults to `intelmq-ts <queue>`. */
  readonly connectionName?: string;
}

export interface CreateAdminOptions {
  readonly defaultEmbeddedPath: string;
}

/**
 * The broker named by `<direction>_pipeline_broker` (case-insensitive; the
 * embedded broker when unset). Without a direction (intelmqctl) the source
 * side decides, as it does for the connection parameters: upstream's fallback
 * to Redis when the two differ would point intelmqctl at a broker nobody uses.
 */
export function brokerKind(params: PipelineParams, direction: Direction = 'source'): BrokerKind {
  return parseKind(params, `${direction}_pipeline_broker`);
}

/** The broker for one direction of a bot, configured from upstream's parameter names. */
export function createBroker(params: PipelineParams, direction: Direction, options: CreateBrokerOptions): Broker {
  const kind = brokerKind(params, direction);
  const workers = options.workers ?? 1;
  const worker = options.worker ?? 0;
  if (!Number.isInteger(workers) || workers < 1) throw new InvalidArgument('instances_threads', workers, 'a positive integer');
  if (!Number.isInteger(worker) || worker < 0 || worker >= workers) throw new InvalidArgument('worker', worker, `an integer from 0 to ${workers - 1}`);
  const sourceQueue = direction === 'source' ? sourceName(options.queues) : null;
  const config: PipelineConfig = {
    sourceQueue,
    destinations: direction === 'destination' ? normaliseDestinations(options.queues) : {},
    loadBalance: flag(params, 'load_balance'),
    worker,
    workers,
    logger: options.logger ?? stderrLogger,
  };
  switch (kind) {
    case 'embedded':
      return new EmbeddedBroker(config, { path: embeddedPath(params, options.defaultEmbeddedPath) });
    case 'redis':
      return new RedisBroker(config, redisOptions(params, direction));
    case 'amqp':
      return new AmqpBroker(config, amqpOptions(params, direction, options.connectionName ?? `intelmq-ts ${sourceQueue ?? 'producer'}`));
  }
}

/** The queue administration intelmqctl needs, from the global section alone. */
export function createAdmin(globals: PipelineParams, options: CreateAdminOptions): BrokerAdmin {
  switch (brokerKind(globals, 'source')) {
    case 'embedded':
      return new EmbeddedAdmin({ path: embeddedPath(globals, options.defaultEmbeddedPath) });
    case 'redis':
      return new RedisAdmin(redisOptions(globals, 'source'));
    case 'amqp':
      return new AmqpAdmin({
        ...amqpOptions(globals, 'source', 'intelmqctl'),
        monitoringUrl: text(globals, 'intelmqctl_rabbitmq_monitoring_url') ?? DEFAULT_MONITORING_URL,
      });
  }
}

export function redisOptions(params: PipelineParams, direction: Direction): RedisConnectionOptions {
  const prefix = `${direction}_pipeline_`;
  return {
    host: text(params, `${prefix}host`) ?? '127.0.0.1',
    port: integer(params, `${prefix}port`) ?? 6379,
    db: integer(params, `${prefix}db`) ?? 2,
    password: text(params, `${prefix}password`),
    socketTimeout: seconds(params, `${prefix}socket_timeout`),
  };
}

export function amqpOptions(params: PipelineParams, direction: Direction, connectionName: string): AmqpConnectionOptions {
  const prefix = `${direction}_pipeline_`;
  return {
    host: text(params, `${prefix}host`) ?? '127.0.0.1',
    // Upstream passes the Redis default 6379 through; an unset port means AMQP's own.
    port: integer(params, `${prefix}port`) ?? 5672,
    username: text(params, `${prefix}username`),
    password: text(params, `${prefix}password`),
    vhost: text(params, `${prefix}amqp_virtual_host`) ?? '/',
    ssl: flag(params, `${prefix}ssl`),
    exchange: text(params, `${prefix}amqp_exchange`) ?? '',
    socketTimeout: seconds(params, `${prefix}socket_timeout`),
    connectionName,
  };
}

function embeddedPath(params: PipelineParams, fallback: string): string {
  return text(params, 'embedded_pipeline_path') ?? fallback;
}

function parseKind(params: PipelineParams, key: string): BrokerKind {
  const value = text(params, key);
  if (value === null) return DEFAULT_BROKER;
  const kind = KINDS.find((k) => k === value.toLowerCase());
  if (kind === undefined) throw new InvalidArgument(key, value, KINDS);
  return kind;
}

function sourceName(queues: unknown): string | null {
  if (queues === null || queues === undefined) return null;
  if (typeof queues !== 'string' || queues === '') throw new InvalidArgument('source_queue', queues, 'a queue name');
  return queues;
}

/** A non-empty string parameter, or null when unset. Numbers are accepted (a numeric password in YAML). */
function text(params: PipelineParams, key: string): string | null {
  const value = params[key];
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  throw new InvalidArgument(key, value, 'a string');
}

function integer(params: PipelineParams, key: string): number | null {
  const value = params[key];
  if (value === null || value === undefined || value === '') return null;
  const number = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(number) || number < 0) throw new InvalidArgument(key, value, 'a non-negative integer');
  return number;
}

function seconds(params: PipelineParams, key: string): number | null {
  const value = params[key];
  if (value === null || value === undefined || value === '') return null;
  const number = typeof value === 'number' ? value : Number(value);
  if (!(number > 0)) throw new InvalidArgument(key, value, 'a positive number of seconds or null');
  return number;
}

function flag(params: PipelineParams, key: string): boolean {
  const value = params[key];
  if (value === null || value === undefined) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false|1|0|yes|no)$/i.test(value)) return /^(true|1|yes)$/i.test(value);
  throw new InvalidArgument(key, value, 'true or false');
}

function stderrLogger(level: string, message: string): void {
  process.stderr.write(`${new Date().toISOString()} pipeline ${level.toUpperCase()}: ${message}\n`);
}
