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

test('unpads addresses and takes the AS from the feed URL', async () => {
  const raw = '<!--\nlicence\n-->\n# source IP <tab> Reports\n109.230.155.061\t1\t1\t\t2015-12-10\t2015-12-14 12:40:59\n109.230.155.062\tx\t1\t\t2015-12-10\t2015-12-14 12:40:59\n';
  const { events, dumps } = await parse(raw, { 'feed.url': 'https://dshield.org/asdetailsascii.html?as=64496' });
  assert.equal(events.length, 1);
  const e = events[0]!;
  assert.equal(e['source.ip'], '109.230.155.61');
  assert.equal(e['source.asn'], 64496);
  assert.equal(e['extra.reports'], 1);
  assert.equal(e['extra.last_seen'], '2015-12-10');
  assert.equal(e['time.source'], '2015-12-14T12:40:59+00:00');
  assert.equal(dumps.length, 1);
});
