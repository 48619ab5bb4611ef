import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeRaw, runParser } from '../_testing/run-parser.ts';
import { bot } from './bot.ts';

const update = (domains: unknown) =>
  JSON.stringify({
    message_type: 'certificate_update',
    data: {
      update_type: 'X509LogEntry',
      leaf_cert: { subject: { CN: 'example.com' }, all_domains: domains, not_before: 1543190400, not_after: 1550966400 },
      cert_index: 548051,
      seen: 1543218339.432651,
      source: { url: 'ct.googleapis.com/logs/argon2019/', name: 'Google Argon 2019 log' },
    },
  });

test('one event per certificate domain, addresses as source.ip', async () => {
  const raw = update(['example.com', 'www.example.com', '192.0.2.1']);
  const { events, dumps } = await runParser(bot, raw);
  assert.equal(dumps.length, 0);
  assert.deepEqual(events.map((e) => e['source.fqdn'] ?? e['source.ip']), ['example.com', 'www.example.com', '192.0.2.1']);
  assert.ok(!('source.fqdn' in events[2]!));
  for (const e of events) {
    assert.equal(e['time.source'], '2018-11-26T07:45:39+00:00');
    assert.equal(e['classification.type'], 'other');
    assert.equal(decodeRaw(e['raw']), raw);
  }
});

test('a domain that is neither name nor address is dumped; updates without domains give nothing', async () => {
  const raw = update(['example.com', 'http://x/']);
  const { events, dumps } = await runParser(bot, raw);
  assert.equal(events.length, 1);
  assert.deepEqual(dumps, [raw]);
  const heartbeat = await runParser(bot, JSON.stringify({ message_type: 'heartbeat', data: {} }));
  assert.equal(heartbeat.events.length + heartbeat.dumps.length, 0);
});
