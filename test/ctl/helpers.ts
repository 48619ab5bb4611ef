/**
 * End-to-end helpers: a temporary installation (INTELMQ_ROOT_DIR) with a
 * runtime.yaml, and intelmqctl / intelmqdump run as a user runs them.
 * Every bot process a test leaves behind is killed when the file ends.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after } from 'node:test';
import { stringify } from 'yaml';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
const CTL = join(REPO, 'bin/intelmqctl.js');
const DUMP = join(REPO, 'bin/intelmqdump.js');

export interface Installation {
  readonly root: string;
  readonly runtimeFile: string;
  readonly varRun: string;
  readonly logDir: string;
  readonly env: Record<string, string>;
  writeRuntime(content: Record<string, unknown>): void;
}

export interface Completed {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr without colour codes, for matching. */
  readonly output: string;
}

const ANSI = /\x1b\[[0-9;]*m/g;

function pidsOf(varRun: string): number[] {
  if (!existsSync(varRun)) return [];
  const pids: number[] = [];
  for (const name of readdirSync(varRun)) {
    try {
      const text = readFileSync(join(varRun, name), 'utf8');
      if (name.endsWith('.pid')) pids.push(Number(text.trim()));
      if (name.endsWith('.state')) pids.push((JSON.parse(text) as { pid: number }).pid);
    } catch {
      // Removed meanwhile.
    }
  }
  return pids.filter((p) => Number.isInteger(p) && p > 0);
}

/** Kills leftover bots of an installation, only those whose command line names this installation's bots. */
export function killLeftovers(varRun: string): void {
  for (const pid of pidsOf(varRun)) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (cmdline.includes('intelmq-bot.js')) process.kill(pid, 'SIGKILL');
    } catch {
      // Gone already.
    }
  }
}

export function installation(runtime: Record<string, unknown>, prefix = 'intelmqctl-test-'): Installation {
  const root = mkdtempSync(join(tmpdir(), prefix));
  for (const dir of ['etc', 'var/log', 'var/run', 'var/lib/bots']) mkdirSync(join(root, dir), { recursive: true });
  const runtimeFile = join(root, 'etc/runtime.yaml');
  const inst: Installation = {
    root,
    runtimeFile,
    varRun: join(root, 'var/run'),
    logDir: join(root, 'var/log'),
    env: { INTELMQ_ROOT_DIR: root },
    writeRuntime(content) {
      writeFileSync(runtimeFile, stringify(content));
    },
  };
  inst.writeRuntime(runtime);
  after(() => {
    killLeftovers(inst.varRun);
    rmSync(root, { recursive: true, force: true });
  });
  return inst;
}

export function runTool(script: string, inst: Installation, args: readonly string[], options: { env?: Record<string, string>; input?: string; timeoutMs?: number } = {}): Promise<Completed> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, ...inst.env, ...options.env };
    // The tests' own INTELMQ_* settings must not leak into the installation under test.
    for (const name of Object.keys(env)) if (name.startsWith('INTELMQ_') && !(name in inst.env) && !(name in (options.env ?? {}))) delete env[name];
    const child = spawn(process.execPath, [script, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} ${args.join(' ')} did not finish within ${options.timeoutMs ?? 90_000} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, options.timeoutMs ?? 90_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, output: `${stdout}${stderr}`.replace(ANSI, '') });
    });
    child.stdin.end(options.input ?? '');
  });
}

export function ctl(inst: Installation, args: readonly string[], options: { env?: Record<string, string>; input?: string; timeoutMs?: number } = {}): Promise<Completed> {
  return runTool(CTL, inst, args, options);
}

export function dump(inst: Installation, args: readonly string[], options: { env?: Record<string, string>; input?: string; timeoutMs?: number } = {}): Promise<Completed> {
  return runTool(DUMP, inst, args, options);
}

/** A bot section as runtime.yaml has it. */
export function bot(module: string, group: string, parameters: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: module.split('.').at(-2), group, module, description: `${group} for tests`, enabled: true, ...extra, parameters };
}

export const TAXONOMY = 'intelmq.bots.experts.taxonomy.expert';
export const FILE_OUTPUT = 'intelmq.bots.outputs.file.output';
export const FILE_COLLECTOR = 'intelmq.bots.collectors.file.collector_file';

export function processAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/\) [ZX] /.test(stat);
  } catch {
    return false;
  }
}

export function readPid(inst: Installation, id: string): number | null {
  try {
    return Number(readFileSync(join(inst.varRun, `${id}.pid`), 'utf8'));
  } catch {
    return null;
  }
}
