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

test('one event per supported indicator with pulse information', async () => {
  const pulse = {
    id: 'p1', name: 'Pulse', author_name: 'A', description: 'desc', modified: '2016-11-03T20:15:43.264000', TLP: 'green', tags: ['t'], industries: [], targeted_countries: [],
    indicators: [
      { type: 'FileHash-MD5', indicator: '86088922528b4d0a5493046527b29822', created: '2016-11-03T20:15:44.123' },
      { type: 'domain', indicator: 'example.com', created: '2016-11-03T20:15:44.123' },
      { type: 'hostname', indicator: 'example.com/path', created: '2016-11-03T20:15:44.123' },
      { type: 'URI', indicator: '/only/path', created: '2016-11-03T20:15:44.123' },
      { type: 'CVE', indicator: 'CVE-2012-0158', created: '2016-11-03T20:15:44.123' },
      { type: 'Mutex', indicator: 'x', created: '2016-11-03T20:15:44.123' },
    ],
  };
  const { events, dumps } = await parse(JSON.stringify([pulse]));
  assert.equal(dumps.length, 0);
  assert.equal(events.length, 5);
  assert.equal(events[0]!['malware.hash.md5'], '86088922528b4d0a5493046527b29822');
  assert.equal(events[0]!['extra.pulse_key'], 'p1');
  assert.equal(events[0]!['extra.time_updated'], '2016-11-03T20:15:43.26+00:00');
  assert.equal(events[0]!['time.source'], '2016-11-03T20:15:44+00:00');
  assert.equal(events[0]!['tlp'], 'GREEN');
  assert.equal(events[0]!['comment'], 'desc');
  assert.ok(!('extra.targeted_countries' in events[0]!));
  assert.deepEqual(events[0]!['extra.industries'], []);
  assert.equal(events[1]!['source.fqdn'], 'example.com');
  assert.equal(events[2]!['source.url'], 'http://example.com/path');
  assert.equal(events[3]!['source.urlpath'], '/only/path');
  assert.equal(events[4]!['extra.cve'], 'CVE-2012-0158');
  assert.equal(text(events[1]!['raw']), '{"created": "2016-11-03T20:15:44.123", "indicator": "example.com", "type": "domain"}');
});

test('an invalid URL indicator fails the whole pulse', async () => {
  const pulse = { id: 'p1', name: 'P', author_name: 'A', indicators: [{ type: 'URL', indicator: 'http://', created: '2016-11-03T20:15:44.123' }] };
  const { events, dumps } = await parse(JSON.stringify([pulse]));
  assert.equal(events.length, 0);
  assert.equal(dumps.length, 1);
});
