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

test('maps the JSON lines; a broken line is dumped', async () => {
  const entry = { url: 'http://example.com/x', ip: '192.0.2.1', host: 'example.com', asn: 'AS64496', asn_name: 'AS', country_code: 'DE', country_name: 'Germany', isotime: '2022-03-22T05:06:25Z', screenshot: 'https://example.net/s.jpg', brand: 'Bank', emails: [], tld: '', page_language: null };
  const { events, dumps } = await parse(`${JSON.stringify(entry)}\n{oops\n`);
  assert.equal(events.length, 1);
  const e = events[0]!;
  assert.equal(e['source.asn'], 64496);
  assert.equal(e['source.fqdn'], 'example.com');
  assert.equal(e['time.source'], '2022-03-22T05:06:25+00:00');
  assert.equal(e['screenshot_url'], 'https://example.net/s.jpg');
  assert.deepEqual(e['extra.emails'], []);
  assert.ok(!('extra.tld' in e) && !('extra.page_language' in e));
  assert.equal(text(e['raw']), JSON.stringify([entry]).replace(/":/g, '": ').replace(/,"/g, ', "'));
  assert.equal(dumps.length, 1);
});
