import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A TypeScript script run in its own Node process, with its stdout collected line by line. */
export class Child {
  readonly process: ChildProcess;
  readonly lines: string[] = [];
  private readonly exited: Promise<number | null>;
  private stderr = '';

  constructor(script: string, args: readonly string[]) {
    this.process = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL(script, import.meta.url)), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let partial = '';
    this.process.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop() ?? '';
      this.lines.push(...parts);
    });
    this.process.stderr?.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.exited = new Promise((resolve) => this.process.once('exit', (code) => resolve(code)));
  }

  /** Resolves once a line satisfies `test`; fails after `timeoutMs` or when the process ends first. */
  async waitForLine(test: (line: string) => boolean, timeoutMs = 15_000): Promise<string> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const line = this.lines.find(test);
      if (line !== undefined) return line;
      if (this.process.exitCode !== null || performance.now() > deadline) throw new Error(`no matching line from child (exit ${this.process.exitCode}); stderr: ${this.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Waits for a normal exit and fails with the child's stderr otherwise. */
  async finished(timeoutMs = 20_000): Promise<void> {
    const timer = setTimeout(() => this.process.kill('SIGKILL'), timeoutMs);
    const code = await this.exited;
    clearTimeout(timer);
    if (code !== 0) throw new Error(`child exited with ${code}; stderr: ${this.stderr}`);
  }

  async kill(): Promise<void> {
    this.process.kill('SIGKILL');
    await this.exited;
  }
}
