/**
 * Drops the RabbitMQ connections of given processes only — RabbitMQ is
 * shared with other suites, so `close_all_connections` is not an option.
 * Connections are matched by their client port: the process's TCP sockets
 * (from /proc) against RabbitMQ's `peer_port`, then closed through the
 * management API when it answers, else with rabbitmqctl (needs root).
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import type { Probe } from '../helpers/services.ts';

const MANAGEMENT = 'http://127.0.0.1:15672/api';
const AUTH = `Basic ${Buffer.from('guest:guest').toString('base64')}`;
const AMQP_PORT = 5672;

function run(command: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(command, args, { timeout: 30_000 }, (error, stdout, stderr) => (error ? reject(new Error(`${command} ${args.join(' ')}: ${stderr || error.message}`)) : resolve(stdout))),
  );
}

async function managementApi(): Promise<boolean> {
  try {
    return (await fetch(`${MANAGEMENT}/overview`, { headers: { authorization: AUTH }, signal: AbortSignal.timeout(1000) })).ok;
  } catch {
    return false;
  }
}

/** Resolves when connections can be closed one way or the other. */
export const connectionControl: Probe = async () => {
  if (await managementApi()) return;
  await run('rabbitmqctl', ['list_connections', 'pid', '-q']);
};

/** Local ports of the established TCP connections of `pid` to the AMQP port. */
function amqpClientPorts(pid: number): Set<number> {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      const m = /^socket:\[(\d+)\]$/.exec(target);
      if (m) inodes.add(m[1]!);
    } catch {
      // The descriptor was closed meanwhile.
    }
  }
  const ports = new Set<number>();
  for (const table of [`/proc/${pid}/net/tcp`, `/proc/${pid}/net/tcp6`]) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      // local_address rem_address st … inode; st 01 = ESTABLISHED
      if (f.length < 10 || f[3] !== '01' || !inodes.has(f[9]!)) continue;
      if (parseInt(f[2]!.split(':')[1]!, 16) === AMQP_PORT) ports.add(parseInt(f[1]!.split(':')[1]!, 16));
    }
  }
  return ports;
}

/** A RabbitMQ connection as the closing side addresses it: its name (management API) or its Erlang pid (rabbitmqctl). */
export interface AmqpConnection {
  readonly id: string;
  readonly via: 'api' | 'rabbitmqctl';
}

/**
 * The RabbitMQ connections of the given processes. Listing is the slow part
 * with rabbitmqctl (seconds), so tests list first and close at the moment
 * that matters.
 */
export async function connectionsOf(pids: readonly number[]): Promise<AmqpConnection[]> {
  const ports = new Set(pids.flatMap((pid) => [...amqpClientPorts(pid)]));
  if (await managementApi()) {
    // The API lists a new connection only after its next statistics tick (seconds): wait until all of ours show.
    const until = Date.now() + 20_000;
    for (;;) {
      const connections = (await (await fetch(`${MANAGEMENT}/connections`, { headers: { authorization: AUTH } })).json()) as Array<{ name: string; peer_port: number }>;
      const ours = connections.filter((c) => ports.has(c.peer_port)).map((c): AmqpConnection => ({ id: c.name, via: 'api' }));
      if (ours.length >= ports.size || Date.now() > until) return ours;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  // The JSON formatter would mangle the pids: read the plain table.
  const table = await run('rabbitmqctl', ['list_connections', 'pid', 'peer_port', '--no-table-headers', '-q']);
  return table
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter(([pid, port]) => pid !== undefined && port !== undefined && ports.has(Number(port)))
    .map(([pid]) => ({ id: pid!, via: 'rabbitmqctl' }));
}

/** Closes the connections as the server would on `close_connection`: the clients see CONNECTION_FORCED. */
export async function closeConnections(connections: readonly AmqpConnection[], reason = 'test: connection dropped'): Promise<void> {
  await Promise.all(
    connections.map(async (c) => {
      if (c.via === 'rabbitmqctl') return void (await run('rabbitmqctl', ['close_connection', c.id, reason]));
      const response = await fetch(`${MANAGEMENT}/connections/${encodeURIComponent(c.id)}`, { method: 'DELETE', headers: { authorization: AUTH, 'x-reason': reason } });
      if (!response.ok) throw new Error(`DELETE connection ${c.id}: HTTP ${response.status}`);
    }),
  );
}
