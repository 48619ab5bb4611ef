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


test('domains with the list update time; raw keeps the line as is', async () => {
  const { events, dumps } = await parse('#   DShield.org Suspicious Domain List\n#    updated: Tue Dec 22 04:10:10 2015 UTC\nSite\nexample.com\t\nhttp://bad/\nexample.org\t\n');
  assert.equal(events.length, 2);
  assert.equal(events[0]!['source.fqdn'], 'example.com');
  assert.equal(events[0]!['time.source'], '2015-12-22T04:10:10+00:00');
  assert.equal(events[0]!['classification.type'], 'malware-distribution');
  assert.equal(events[0]!['raw'], 'ZXhhbXBsZS5jb20J');
  assert.equal(dumps.length, 1);
});
