import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { createCollector, freePort, type CollectorUnderTest } from '../_shared/testing-server.ts';
import { bot } from './bot.ts';

const text = (b64: unknown) => Buffer.from(String(b64), 'base64').toString('utf8');

function frame(payload: string): Buffer {
  const data = Buffer.from(payload);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  return Buffer.concat([len, data]);
}

async function collectUntil(c: CollectorUnderTest, n: number) {
  for (let i = 0; i < 500; i++) {
    const run = await c.collect();
    if (run.reports.length >= n) return run;
    await sleep(10);
  }
  throw new Error(`fewer than ${n} reports arrived`);
}

test('length-prefixed frames, split across packets, become reports; "Ok" follows each commit', async () => {
  const port = await freePort();
  const c = await createCollector(bot, { ip: '127.0.0.1', port });
  const sock = connect(port, '127.0.0.1');
  try {
    const answers: string[] = [];
    sock.on('data', (d: Buffer) => answers.push(d.toString()));
    const bytes = Buffer.concat([frame('{"a": 1}'), frame('{"b": "ü"}')]);
    sock.write(bytes.subarray(0, 6));
    await sleep(20);
    sock.write(bytes.subarray(6));
    const run = await collectUntil(c, 2);
    assert.deepEqual(run.reports.map((r) => text(r['raw'])), ['{"a": 1}', '{"b": "ü"}']);
    await sleep(20);
    assert.deepEqual(answers, [], 'nothing is acknowledged before the commit');
    await run.onCommitted!();
    await sleep(20);
    assert.equal(answers.join(''), 'OkOk');
  } finally {
    sock.destroy();
    await c.close();
  }
});

test('separator-terminated frames', async () => {
  const port = await freePort();
  const c = await createCollector(bot, { ip: '127.0.0.1', port, separator: '\n' });
  const sock = connect(port, '127.0.0.1');
  try {
    sock.write('one\ntwo\n\nthr');
    const run = await collectUntil(c, 2);
    assert.deepEqual(run.reports.map((r) => text(r['raw'])), ['one', 'two']);
    await run.onCommitted!();
  } finally {
    sock.destroy();
    await c.close();
  }
});

test('a connection that ends mid-frame logs a warning; the port must be free', async () => {
  const port = await freePort();
  const c = await createCollector(bot, { ip: '127.0.0.1', port });
  try {
    const sock = connect(port, '127.0.0.1', () => sock.end(frame('cut').subarray(0, 5)));
    for (let i = 0; i < 100 && !c.logger.lines.some((l) => l.level === 'WARNING'); i++) await sleep(10);
    assert.ok(c.logger.lines.some((l) => l.level === 'WARNING' && /^Incomplete message received from 127\.0\.0\.1:\d+\.$/.test(l.message)));
    await assert.rejects(createCollector(bot, { ip: '127.0.0.1', port }), new RegExp(`Cannot listen on 127\\.0\\.0\\.1:${port}: EADDRINUSE`));
  } finally {
    await c.close();
  }
});
