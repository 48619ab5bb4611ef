import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { bot as tcpCollector } from '../../collectors/tcp/bot.ts';
import { createCollector, freePort } from '../../collectors/_shared/testing-server.ts';
import { SAMPLE, createBatchOutput, event, runOutput } from '../_shared/testing.ts';
import { bot } from './bot.ts';

const text = (b64: unknown) => Buffer.from(String(b64), 'base64').toString('utf8');

test('output → TCP collector: a batch is one write; it resolves only after the collector committed', async () => {
  const port = await freePort();
  const collector = await createCollector(tcpCollector, { ip: '127.0.0.1', port });
  const out = await createBatchOutput(bot, { ip: '127.0.0.1', port });
  try {
    const events = [1, 2, 3].map((i) => event({ ...SAMPLE, 'source.port': i }));
    let done = false;
    const sending = out.batch(events).then((r) => ((done = true), r));
    let run = await collector.collect();
    while (run.reports.length < 3) {
      await sleep(10);
      run = await collector.collect();
    }
    assert.deepEqual(run.reports.map((r) => JSON.parse(text(r['raw']))['source.port']), [1, 2, 3]);
    assert.ok(!('raw' in JSON.parse(text(run.reports[0]!['raw']))), 'raw is dropped unless keep_raw_field');
    await sleep(30);
    assert.equal(done, false);
    await run.onCommitted!();
    const results = await sending;
    assert.equal(results!.length, 3);
    assert.ok(results!.every((r) => r.error === undefined));
  } finally {
    await out.close();
    await collector.close();
  }
});

test('separator without counterpart_is_intelmq writes payload + separator and does not wait', async () => {
  const received: Buffer[] = [];
  const srv = createServer((s: Socket) => s.on('data', (d: Buffer) => received.push(d)));
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as AddressInfo).port;
  try {
    const r = await runOutput(bot, { ip: '127.0.0.1', port, separator: '\n', counterpart_is_intelmq: false, hierarchical_output: true }, [event(SAMPLE)]);
    assert.equal(r.dumps.length, 0);
    for (let i = 0; i < 50 && !received.length; i++) await sleep(10);
    const line = Buffer.concat(received).toString('utf8');
    assert.ok(line.endsWith('}\n'));
    assert.equal(JSON.parse(line).source.ip, '192.0.2.1');
  } finally {
    srv.close();
  }
});

test('unreachable receiver: clear error naming host and port; the event is dumped, not lost', async () => {
  const port = await freePort();
  const e = event(SAMPLE);
  const r = await runOutput(bot, { ip: '127.0.0.1', port }, [e]);
  assert.equal(r.dumps.length, 1);
  assert.equal(r.dumps[0]!.message, e.serialize());
  assert.match(String(r.dumps[0]!.traceback), new RegExp(`Cannot connect to 127\\.0\\.0\\.1:${port}: connect ECONNREFUSED`));
});

test('an answer other than "Ok" is an error and the next try reconnects', async () => {
  let connections = 0;
  let answer = 'No';
  const srv = createServer((s: Socket) => {
    connections++;
    s.on('data', () => s.write(answer));
  });
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as AddressInfo).port;
  const out = await createBatchOutput(bot, { ip: '127.0.0.1', port });
  try {
    const first = await out.one(event(SAMPLE));
    assert.match(String(first.error), /answered "No" instead of "Ok"/);
    answer = 'Ok';
    const second = await out.one(event(SAMPLE));
    assert.equal(second.error, undefined);
    assert.equal(connections, 2);
  } finally {
    await out.close();
    srv.close();
  }
});
