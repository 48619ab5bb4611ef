/**
 * A private redis-server for tests that take Redis down: its own free
 * loopback port and data directory, append-only with fsync on every write so
 * that a SIGKILL loses nothing that was acknowledged to a client, and
 * restartable on the same port with the same data.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tcpProbe, type Probe } from '../helpers/services.ts';

export interface RedisServer {
  readonly port: number;
  /** SIGKILL, like a crash; resolves once the process is gone. */
  kill(): Promise<void>;
  /** Starts it again on the same port and data; resolves once it accepts connections. */
  start(): Promise<void>;
  /** Stops it (if running) and removes its data. */
  destroy(): Promise<void>;
}

/** Resolves when the redis-server binary runs. */
export const redisServerBinary: Probe = () =>
  new Promise((resolve, reject) => execFile('redis-server', ['--version'], (error) => (error ? reject(error) : resolve())));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitListening(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const until = Date.now() + 10_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}:\n${log()}`);
    if (await tcpProbe('127.0.0.1', port, 200)().then(() => true, () => false)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`redis-server on port ${port} not listening after 10 s:\n${log()}`);
}

export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'intelmq-ts-redis-'));
  let child: ChildProcess | null = null;
  let output = '';
  const exited = (c: ChildProcess) => new Promise<void>((resolve) => (c.exitCode !== null || c.signalCode !== null ? resolve() : c.once('exit', () => resolve())));
  const server: RedisServer = {
    port,
    async start() {
      const c = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--daemonize', 'no'],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      c.stdout!.on('data', (d: Buffer) => (output += d.toString()));
      c.stderr!.on('data', (d: Buffer) => (output += d.toString()));
      child = c;
      await waitListening(port, c, () => output);
    },
    async kill() {
      const c = child;
      child = null;
      if (c === null) return;
      c.kill('SIGKILL');
      await exited(c);
    },
    async destroy() {
      await server.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
}
