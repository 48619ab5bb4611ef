import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../config/test-helpers.ts';
import { DumpLockedError, appendDump, dumpTimestamp, isDumpLocked, readDump, rewriteDump, type DumpEntry } from './dump-file.ts';
import { withFileLock } from './file-lock.ts';

const DUMP_MODULE = fileURLToPath(new URL('./dump-file.ts', import.meta.url));
const PROJECT = fileURLToPath(new URL('../..', import.meta.url));
const TSX_API = import.meta.resolve('tsx/esm/api');
const dir = tempDir();

const entry = (n: number): DumpEntry => ({
  bot_id: 'cymru-whois-expert',
  message: `{"source.ip": "192.0.2.${n}", "__type": "Event"}`,
  source_queue: 'cymru-whois-expert-queue',
  traceback: ['Traceback (most recent call last):\n', `ValueError: ${n}\n`],
});

test('dumpTimestamp is naive UTC isoformat, fraction omitted when zero', () => {
  const base = Date.UTC(2024, 4, 1, 10, 0, 5) * 1000;
  assert.equal(dumpTimestamp(base), '2024-05-01T10:00:05');
  assert.equal(dumpTimestamp(base + 123456), '2024-05-01T10:00:05.123456');
  assert.equal(dumpTimestamp(base + 1), '2024-05-01T10:00:05.000001');
  assert.match(dumpTimestamp(), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?$/);
});

test('file format: 4-space indent, sorted keys, no trailing newline; upstream files are read', async () => {
  const path = join(dir, 'format.dump');
  writeFileSync(
    path,
    JSON.stringify({
      '2024-05-01T10:00:05': { bot_id: 'x-parser', message: 'Zm9vyWJhcg==', message_type: 'base64', source_queue: 'x-parser-queue', traceback: 'Traceback ...' },
    }, null, 4),
  );
  const key = await appendDump(path, entry(1));
  const text = readFileSync(path, 'utf8');
  const content = readDump(path);
  assert.deepEqual(Object.keys(content), ['2024-05-01T10:00:05', key]);
  assert.equal(content['2024-05-01T10:00:05']?.message_type, 'base64');
  assert.ok(text.startsWith('{\n    "2024-05-01T10:00:05": {\n        "bot_id": "x-parser",\n        "message": "Zm9vyWJhcg==",\n        "message_type": "base64",'));
  assert.ok(text.includes(`    "${key}": {\n        "bot_id": "cymru-whois-expert",\n        "message": "{\\"source.ip\\": \\"192.0.2.1\\", \\"__type\\": \\"Event\\"}",\n        "source_queue": "cymru-whois-expert-queue",\n        "traceback": [\n            "Traceback (most recent call last):\\n",`));
  assert.ok(text.endsWith('\n}'));
});

test('keys stay unique within the same microsecond', async () => {
  const path = join(dir, 'unique.dump');
  const keys = await Promise.all(Array.from({ length: 20 }, (_, i) => appendDump(path, entry(i))));
  assert.equal(new Set(keys).size, 20);
  assert.equal(Object.keys(readDump(path)).length, 20);
});

test('4 concurrent processes appending 50 entries each: 200 entries', async () => {
  const path = join(dir, 'concurrent.dump');
  const script = join(dir, 'writer.mts');
  writeFileSync(
    script,
    `import { appendDump } from ${JSON.stringify(DUMP_MODULE)};
const [path, writer] = process.argv.slice(2);
for (let i = 0; i < 50; i++) {
  await appendDump(path, { bot_id: 'w' + writer, message: String(i), source_queue: 'q', traceback: ['t'] }, { onWarning: () => undefined });
}`,
  );
  const codes = await Promise.all(
    [1, 2, 3, 4].map(
      (w) =>
        new Promise<number | null>((resolve) => {
          const child = spawn(process.execPath, ['--import', 'tsx', script, path, String(w)], { cwd: PROJECT, stdio: 'inherit' });
          child.on('exit', resolve);
        }),
    ),
  );
  assert.deepEqual(codes, [0, 0, 0, 0]);
  const content = readDump(path);
  assert.equal(Object.keys(content).length, 200);
  for (const w of [1, 2, 3, 4]) {
    const messages = Object.values(content).filter((e) => e.bot_id === `w${w}`).map((e) => Number(e.message)).sort((a, b) => a - b);
    assert.deepEqual(messages, Array.from({ length: 50 }, (_, i) => i));
  }
  assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('concurrent.dump.')), [], 'no lock or temp files left');
});

test('a stale lock of a dead process is broken', async () => {
  const path = join(dir, 'stale.dump');
  // PID 2^22+1 is above Linux's pid_max limit, so it never belongs to a live process.
  writeFileSync(`${path}.lock`, `${2 ** 22 + 1}\nsometoken\n`);
  assert.equal(isDumpLocked(path), false);
  await appendDump(path, entry(1), { timeoutMs: 1000 });
  assert.equal(Object.keys(readDump(path)).length, 1);
  assert.equal(existsSync(`${path}.lock`), false);
});

test('a live lock makes writers wait (one warning) and intelmqdump fail fast', async () => {
  const path = join(dir, 'busy.dump');
  const warnings: string[] = [];
  let release!: () => void;
  const held = withFileLock(path, () => new Promise<void>((resolve) => (release = resolve)));
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(isDumpLocked(path), true);
  await assert.rejects(rewriteDump(path, () => undefined, { timeoutMs: 0 }), DumpLockedError);
  const waiting = appendDump(path, entry(1), { retryMs: 10, onWarning: (m) => warnings.push(m) });
  await new Promise((r) => setTimeout(r, 60));
  release();
  await held;
  await waiting;
  assert.deepEqual(warnings, ['Dump file is locked, waiting up to 60s.']);
  await assert.rejects(
    withFileLock(path, () => appendDump(path, entry(2), { timeoutMs: 50, retryMs: 10 })),
    (err: unknown) => err instanceof DumpLockedError && err.message === 'Dump file was locked for more than 0s, giving up now.',
  );
});

test('rewriteDump edits under the lock and removes an emptied file', async () => {
  const path = join(dir, 'rewrite.dump');
  const keys = [await appendDump(path, entry(1)), await appendDump(path, entry(2))];
  await rewriteDump(path, (content) => {
    delete content[keys[0] as string];
  });
  assert.deepEqual(Object.keys(readDump(path)), [keys[1]]);
  await rewriteDump(path, () => ({}));
  assert.equal(existsSync(path), false);
  assert.deepEqual(readDump(path), {});
});

test('a corrupt dump file is moved aside, not lost', async () => {
  const path = join(dir, 'corrupt.dump');
  writeFileSync(path, '{"truncated": ');
  const warnings: string[] = [];
  await appendDump(path, entry(1), { onWarning: (m) => warnings.push(m) });
  assert.equal(Object.keys(readDump(path)).length, 1);
  const aside = readdirSync(dir).filter((f) => f.startsWith('corrupt.dump.corrupt-'));
  assert.equal(aside.length, 1);
  assert.equal(readFileSync(join(dir, aside[0] as string), 'utf8'), '{"truncated": ');
  assert.match(warnings[0] ?? '', /could not be read/);
  await assert.rejects(rewriteDump(join(dir, aside[0] as string), () => undefined), SyntaxError);
});

test('a lock carrying our own PID but another start time is a reused PID, hence stale', async () => {
  const path = join(dir, 'reused.dump');
  writeFileSync(`${path}.lock`, `${process.pid}\nold-token\n1\n`);
  assert.equal(isDumpLocked(path), false);
  await appendDump(path, entry(1), { timeoutMs: 1000 });
  assert.equal(Object.keys(readDump(path)).length, 1);
});

test('worker threads of one process do not break each other\'s locks', async () => {
  const path = join(dir, 'threads.dump');
  const script = join(dir, 'thread-writer.mts');
  writeFileSync(
    script,
    `import { workerData } from 'node:worker_threads';
import { appendDump } from ${JSON.stringify(DUMP_MODULE)};
for (let i = 0; i < 25; i++) await appendDump(workerData.path, { bot_id: 't' + workerData.n, message: String(i), source_queue: 'q', traceback: 't' }, { retryMs: 5 });`,
  );
  // Workers do not inherit the TypeScript loader, so a plain-JS entry registers it before importing the writer.
  const bootstrap = join(dir, 'thread-bootstrap.mjs');
  writeFileSync(bootstrap, `import { register } from ${JSON.stringify(TSX_API)};\nregister();\nawait import(${JSON.stringify(script)});`);
  await Promise.all(
    [1, 2, 3].map(
      (n) =>
        new Promise<void>((resolve, reject) => {
          const worker = new Worker(bootstrap, { workerData: { path, n } });
          worker.on('error', reject);
          worker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`worker exit ${code}`))));
        }),
    ),
  );
  assert.equal(Object.keys(readDump(path)).length, 75);
});
