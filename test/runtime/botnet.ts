/**
 * Test helper: a temporary INTELMQ_ROOT_DIR with a runtime.yaml, and bot
 * processes started with the command line a process manager uses (botArgv:
 * the bot V8 flags and `bin/intelmq-bot.js`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { botArgv } from '../../src/ctl/launcher.ts';

export const REPO = new URL('../../', import.meta.url).pathname;

export interface Botnet {
  root: string;
  env: NodeJS.ProcessEnv;
  start(id: string): ChildProcess;
  waitReady(id: string, timeoutMs?: number): Promise<void>;
  stopAll(): Promise<void>;
  cleanup(): void;
}

export function createBotnet(runtimeFor: (root: string) => Record<string, unknown>): Botnet {
  const root = mkdtempSync(join(tmpdir(), 'intelmq-ts-'));
  for (const d of ['etc', 'var/log', 'var/run', 'var/lib/bots']) mkdirSync(join(root, d), { recursive: true });
  writeFileSync(join(root, 'etc/runtime.yaml'), stringify(runtimeFor(root)));
  const env = { ...process.env, INTELMQ_ROOT_DIR: root };
  const children = new Set<ChildProcess>();
  return {
    root,
    env,
    start(id) {
      const out = join(root, 'var/log', `${id}.out`);
      const [command, ...args] = botArgv(id);
      const child = spawn(command!, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      child.stderr!.on('data', (d: Buffer) => {
        err += d.toString();
        writeFileSync(out, err);
      });
      children.add(child);
      child.on('exit', () => children.delete(child));
      return child;
    },
    async waitReady(id, timeoutMs = 20_000) {
      const file = join(root, 'var/run', `${id}.state`);
      const until = Date.now() + timeoutMs;
      while (Date.now() < until) {
        if (existsSync(file) && readFileSync(file, 'utf8').includes('"running"')) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      const log = join(root, 'var/log', `${id}.log`);
      throw new Error(`bot ${id} not ready after ${timeoutMs} ms; log:\n${existsSync(log) ? readFileSync(log, 'utf8').slice(-3000) : '(none)'}`);
    },
    async stopAll() {
      await Promise.all(
        [...children].map(
          (c) =>
            new Promise<void>((resolve) => {
              if (c.exitCode !== null) return resolve();
              const t = setTimeout(() => c.kill('SIGKILL'), 10_000);
              c.once('exit', () => {
                clearTimeout(t);
                resolve();
              });
              c.kill('SIGTERM');
            }),
        ),
      );
    },
    cleanup() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export async function waitFor(cond: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}
