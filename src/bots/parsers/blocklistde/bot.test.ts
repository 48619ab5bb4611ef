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

test('classification follows the list file name', async () => {
  const ssh = await parse('192.0.2.1\n192.0.2.2\n', { 'feed.url': 'https://lists.blocklist.de/lists/ssh.txt' });
  assert.equal(ssh.events.length, 2);
  assert.equal(ssh.events[0]!['classification.type'], 'ids-alert');
  assert.equal(ssh.events[0]!['protocol.application'], 'ssh');
  assert.equal(ssh.events[0]!['event_description.text'], 'IP reported as having run attacks on the service SSH');
  const other = await parse('192.0.2.1', { 'feed.url': 'https://lists.blocklist.de/lists/new.txt' });
  assert.equal(other.events[0]!['classification.type'], 'blacklist');
});

test('an invalid address is dumped, the rest goes on', async () => {
  const { events, dumps } = await parse('192.0.2.1\nnot-an-ip\n192.0.2.3', { 'feed.url': 'https://lists.blocklist.de/lists/bots.txt' });
  assert.equal(events.length, 2);
  assert.equal(events[1]!['classification.type'], 'spam');
  assert.equal(dumps.length, 1);
  assert.equal(text((JSON.parse(dumps[0]!.message) as Record<string, unknown>)['raw']), 'not-an-ip');
});
