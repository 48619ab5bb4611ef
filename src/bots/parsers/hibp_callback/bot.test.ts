import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createInMemoryBot } from '../../../conformance/harness.ts';
import { packagedHarmonization, Report } from '../../../message/index.ts';
import { bot } from './bot.ts';

async function parse(raw: string, fields: Record<string, unknown> = {}, params: Record<string, unknown> = {}) {
  const r = new Report(packagedHarmonization(), fields);
  r.add('raw', raw);
  const b = await createInMemoryBot(bot, { params, paths: ['_default'], harmonization: packagedHarmonization() });
  try {
    const { output, dumps } = await b.run([r.serialize()]);
    return { events: output['_default']!.map((m) => JSON.parse(m) as Record<string, unknown>), dumps, logger: b.logger };
  } finally {
    await b.close();
  }
}

const text = (b64: unknown) => Buffer.from(String(b64), 'base64').toString();


test('one event per address of a breach', async () => {
  const request = { Domain: 'example.com', DomainEmails: ['b@example.com', 'a@example.com'], Breach: { Name: 'X', AddedDate: '2019-01-01T10:00:00Z' } };
  const { events } = await parse(JSON.stringify(request));
  assert.deepEqual(events.map((e) => e['source.account']), ['a@example.com', 'b@example.com']);
  assert.equal(events[0]!['classification.identifier'], 'breach');
  assert.equal(events[0]!['time.source'], '2019-01-01T10:00:00+00:00');
  assert.equal(events[0]!['classification.type'], 'data-leak');
  assert.deepEqual(events[0]!['extra.breach'], { Name: 'X', AddedDate: '2019-01-01T10:00:00Z' });
});

test('pastes; an invalid domain dumps the callback', async () => {
  const paste = await parse(JSON.stringify({ Domain: 'example.com', DomainEmails: ['a@example.com'], Email: 'a@example.com', Paste: { Id: '1' } }));
  assert.equal(paste.events.length, 1);
  assert.equal(paste.events[0]!['classification.identifier'], 'paste');
  const bad = await parse(JSON.stringify({ Domain: 'http://x/', DomainEmails: ['a@example.com'] }));
  assert.equal(bad.events.length, 0);
  assert.equal(bad.dumps.length, 1);
});
