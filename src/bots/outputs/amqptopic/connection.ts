/**
 * The AMQP connection parameters upstream's AMQP topic output defines and
 * the AMQP collector inherits, and a connect with pika's semantics:
 * `connection_attempts` tries 2 s apart, credentials only when both are set,
 * TLS with the system CAs when `use_ssl`.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import amqp, { type ChannelModel } from 'amqplib';
import { Type } from '@sinclair/typebox';

export const AmqpConnectionParameters = {
  connection_host: Type.String({ default: '127.0.0.1', description: 'AMQP server host.' }),
  connection_port: Type.Integer({ minimum: 1, maximum: 65535, default: 5672, description: 'AMQP server port.' }),
  connection_vhost: Type.Union([Type.String(), Type.Null()], { default: null, description: 'Virtual host; null = "/".' }),
  connection_attempts: Type.Integer({ minimum: 1, default: 3, description: 'Connection tries, 2 s apart.' }),
  connection_heartbeat: Type.Integer({ minimum: 0, default: 3600, description: 'Heartbeat interval in seconds (0 = none).' }),
  username: Type.Union([Type.String(), Type.Null()], { default: null, description: 'User name; used only together with password.' }),
  password: Type.Union([Type.String(), Type.Null()], { default: null, description: 'Password; used only together with username.' }),
  use_ssl: Type.Boolean({ default: false, description: 'Connect with TLS (server certificate verified against the system CAs).' }),
};

export interface AmqpSettings {
  connection_host: string;
  connection_port: number;
  connection_vhost: string | null;
  connection_attempts: number;
  connection_heartbeat: number;
  username: string | null;
  password: string | null;
  use_ssl: boolean;
}

const RETRY_DELAY_MS = 2000;

export function describeServer(s: AmqpSettings): string {
  return `${s.use_ssl ? 'amqps' : 'amqp'}://${s.connection_host}:${s.connection_port} (vhost ${s.connection_vhost ?? '/'})`;
}

export async function connectAmqp(s: AmqpSettings, connectionName: string): Promise<ChannelModel> {
  const credentials = s.username !== null && s.password !== null ? { username: s.username, password: s.password } : {};
  let last: unknown;
  for (let attempt = 1; attempt <= s.connection_attempts; attempt++) {
    try {
      return await amqp.connect(
        { protocol: s.use_ssl ? 'amqps' : 'amqp', hostname: s.connection_host, port: s.connection_port, vhost: s.connection_vhost ?? '/', heartbeat: s.connection_heartbeat, ...credentials },
        { clientProperties: { connection_name: connectionName }, ...(s.use_ssl ? { servername: s.connection_host } : {}) },
      );
    } catch (e) {
      last = e;
      if (attempt < s.connection_attempts) await sleep(RETRY_DELAY_MS);
    }
  }
  const reason = last instanceof Error ? last.message : String(last);
  throw new Error(`Cannot connect to AMQP server ${describeServer(s)} after ${s.connection_attempts} attempt(s): ${reason}`, { cause: last });
}

/** amqplib rejects some calls with the server's close frame rather than an Error. */
export function amqpErrorText(e: unknown): string {
  if (e instanceof Error) return e.message;
  const fields = (e as { fields?: { replyCode?: number; replyText?: string } } | null)?.fields;
  if (fields?.replyText) return `${fields.replyCode ?? ''} ${fields.replyText}`.trim();
  return String(e);
}
