import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createCollector, freePort, startServer } from '../_shared/testing-server.ts';
import { bot } from './bot.ts';

const text = (b64: unknown) => Buffer.from(String(b64), 'base64').toString('utf8');

function post(target: { port: number } | { socketPath: string }, path: string, body: string, method = 'POST'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ ...target, ...('port' in target ? { host: '127.0.0.1' } : {}), path, method }, (res) => {
      let data = '';
      res.on('data', (c: Buffer) => (data += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('a pushed body becomes a report; the client gets 200 only after the commit', async () => {
  const port = await freePort();
  const c = await createCollector(bot, { port, host: '127.0.0.1' });
  try {
    let answered = false;
    const response = post({ port }, '/intelmq/push', '{"source.ip": "10.0.0.1"}').then((r) => ((answered = true), r));
    while (!answered && (await c.collect()).reports.length === 0) await sleep(10);
    const first = await c.collect();
    assert.equal(first.reports.length, 1, 'an uncommitted body is offered again');
    assert.equal(text(first.reports[0]!['raw']), '{"source.ip": "10.0.0.1"}');
    assert.equal(answered, false);
    await first.onCommitted!();
    assert.deepEqual(await response, { status: 200, body: '' });
    assert.equal((await c.collect()).reports.length, 0);
  } finally {
    await c.close();
  }
});

test('wrong path 404, wrong method 405; stopping answers pending pushes with 503', async () => {
  const port = await freePort();
  const c = await createCollector(bot, { port, host: '127.0.0.1' });
  assert.equal((await post({ port }, '/other', 'x')).status, 404);
  assert.equal((await post({ port }, '/intelmq/push', '', 'GET')).status, 405);
  const pending = post({ port }, '/intelmq/push', 'data');
  while ((await c.collect()).reports.length === 0) await sleep(10);
  await c.close();
  const r = await pending;
  assert.equal(r.status, 503);
  assert.match(r.body, /stopping/);
});

test('unix socket with socket_perms', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'intelmq-api-')), 'api.sock');
  const c = await createCollector(bot, { use_socket: true, socket_path: path, socket_perms: '660' });
  try {
    assert.equal(statSync(path).mode & 0o777, 0o660);
    const pending = post({ socketPath: path }, '/intelmq/push', 'over the socket');
    let run = await c.collect();
    while (!run.reports.length) {
      await sleep(10);
      run = await c.collect();
    }
    assert.equal(text(run.reports[0]!['raw']), 'over the socket');
    await run.onCommitted!();
    assert.equal((await pending).status, 200);
  } finally {
    await c.close();
  }
});

test('a taken port is a clear start-up error', async () => {
  const taken = await startServer((_q, s) => s.end());
  try {
    await assert.rejects(createCollector(bot, { port: taken.port, host: '127.0.0.1' }), new RegExp(`Cannot listen on 127\\.0\\.0\\.1:${taken.port}: EADDRINUSE`));
  } finally {
    await taken.close();
  }
});
