import { createRequire } from 'node:module';
import type { Channel, ChannelModel } from 'amqplib';

// Loaded on first connect: bots on another broker should not carry the client in memory.
const requireCjs = createRequire(import.meta.url);
const amqpClient = (): typeof import('amqplib') => requireCjs('amqplib') as typeof import('amqplib');

export interface AmqpConnectionOptions {
  readonly host: string;
  readonly port: number;
  /** PLAIN credentials are sent only when both are set; otherwise RabbitMQ's guest/guest applies, as with pika. */
  readonly username: string | null;
  readonly password: string | null;
  readonly vhost: string;
  readonly ssl: boolean;
  /** Non-empty: queues are not declared and messages go to this exchange with the queue name as routing key. */
  readonly exchange: string;
  /** Upstream `*_pipeline_socket_timeout` in seconds; null = library default. */
  readonly socketTimeout: number | null;
  /** Shown by `rabbitmqctl list_connections` and the management UI, so operators see which bot a connection is. */
  readonly connectionName: string;
}

/** Declaration arguments must never change: RabbitMQ refuses a re-declaration with other arguments (PRECONDITION_FAILED). */
export const QUEUE_ARGUMENTS = { durable: true, arguments: { 'x-queue-mode': 'lazy' } } as const;

export function amqpAddress(options: AmqpConnectionOptions): string {
  return `${options.ssl ? 'amqps' : 'amqp'}://${options.host}:${options.port} vhost ${options.vhost}`;
}

export function connectAmqp(options: AmqpConnectionOptions): Promise<ChannelModel> {
  const credentials = options.username !== null && options.password !== null ? { username: options.username, password: options.password } : {};
  return amqpClient().connect(
    { protocol: options.ssl ? 'amqps' : 'amqp', hostname: options.host, port: options.port, vhost: options.vhost, heartbeat: 10, ...credentials },
    {
      clientProperties: { connection_name: options.connectionName },
      ...(options.ssl ? { servername: options.host } : {}),
      ...(options.socketTimeout === null ? {} : { timeout: options.socketTimeout * 1000 }),
    },
  );
}

/**
 * Failures that a reconnect can cure: network errors, the server closing the
 * connection (restart, `rabbitmqctl close_connection`), a channel that died
 * with its connection. Authentication, missing vhosts or conflicting queue
 * declarations are configuration errors and surface at once.
 */
export function isConnectionLoss(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && /^E(CONNREFUSED|CONNRESET|TIMEDOUT|PIPE|HOSTUNREACH|NETUNREACH|AI_AGAIN)$/.test(code)) return true;
  return /CONNECTION[-_]FORCED|Connection closed|Socket closed|socket hang up|Channel closed|Channel ended|closed before|Unexpected close|Heartbeat timeout/i.test(error.message);
}

/** True when RabbitMQ answered NOT_FOUND (the server closes the channel then). */
export function isNotFound(error: unknown): boolean {
  return error instanceof Error && /\b404\b|NOT[-_]FOUND/.test(error.message);
}

/** A channel for passive declares and purges, which RabbitMQ closes on unknown queues; errors are reported by the promise, not the event. */
export async function probeChannel(model: ChannelModel): Promise<Channel> {
  const channel = await model.createChannel();
  channel.on('error', () => {});
  return channel;
}
