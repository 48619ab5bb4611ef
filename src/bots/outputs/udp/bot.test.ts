import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { SAMPLE, createBatchOutput, event, runOutput } from '../_shared/testing.ts';
import { bot } from './bot.ts';

async function receiver() {
  const got: string[] = [];
  const sock = createSocket('udp4');
  sock.on('message', (m) => got.push(m.toString('utf8')));
  await new Promise<void>((resolve) => sock.bind(0, '127.0.0.1', resolve));
  const port = (sock.address() as AddressInfo).port;
  const wait = async (n: number) => {
    for (let i = 0; i < 100 && got.length < n; i++) await sleep(10);
    return got;
  };
  return { port, wait, close: () => sock.close() };
}

test('json format: header + JSON + newline, one datagram per event of a batch', async () => {
  const rx = await receiver();
  const out = await createBatchOutput(bot, { udp_host: '127.0.0.1', udp_port: rx.port, format: 'json', header: 'IntelMQ ' });
  try {
    await out.batch([event(SAMPLE), event({ ...SAMPLE, 'source.port': 1 })]);
    const got = await rx.wait(2);
    assert.equal(got.length, 2);
    assert.ok(got[0]!.startsWith('IntelMQ {') && got[0]!.endsWith('}\n'));
    assert.equal(JSON.parse(got[0]!.slice('IntelMQ '.length))['source.ip'], '192.0.2.1');
  } finally {
    await out.close();
    rx.close();
  }
});

test('delimited format: key:value pairs in event order, control characters removed, raw dropped', async () => {
  const rx = await receiver();
  try {
    const e = event({ 'source.ip': '192.0.2.1', 'event_description.text': 'two\tparts', 'feed.accuracy': 100, raw: 'eA==' });
    const r = await runOutput(bot, { udp_host: '127.0.0.1', udp_port: rx.port, format: 'delimited', header: 'IntelMQ-event' }, [e]);
    assert.equal(r.dumps.length, 0);
    const [line] = await rx.wait(1);
    assert.equal(line, 'IntelMQ-event|source.ip:192.0.2.1|event_description.text:twoparts|feed.accuracy:100.0\n');
  } finally {
    rx.close();
  }
});

test('format and header are required; an unknown format is refused', async () => {
  await assert.rejects(createBatchOutput(bot, { udp_port: 9 }), /parameter 'format' is required.*parameter 'header' is required|parameter 'header' is required.*parameter 'format' is required/);
  await assert.rejects(createBatchOutput(bot, { udp_port: 9, header: '', format: 'xml' }), /parameter 'format'/);
});
