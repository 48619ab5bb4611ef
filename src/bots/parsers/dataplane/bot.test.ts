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

test('maps each report by its name column; proto41 has a first-seen column', async () => {
  const { events } = await parse('# comment\n1            |  LVLT-1 Level 3                  |  45.6.192.1       |  2021-08-28 05:00:18  |  2021-08-29 05:00:18  |  proto41\nNA | NA | 192.0.2.1 | 2016-12-01 04:26:48 | sshpwauth', { 'feed.url': 'https://dataplane.org/x.txt' });
  assert.equal(events[0]!['classification.type'], 'proxy');
  assert.equal(events[0]!['source.as_name'], 'LVLT-1');
  assert.equal(events[0]!['extra.first_seen'], '2021-08-28T05:00:18+00:00');
  assert.equal(events[0]!['time.source'], '2021-08-29T05:00:18+00:00');
  assert.equal(events[1]!['protocol.application'], 'ssh');
  assert.ok(!('source.asn' in events[1]!));
});

test('a line of the wrong shape is dumped', async () => {
  const { events, dumps } = await parse('14080 | Telmex Colombia S.A., CO |\n174 | COGENT-174 | 192.0.2.2 | 2021-08-31 10:07:10 | dnsrd', { 'feed.url': 'https://dataplane.org/dnsrd.txt' });
  assert.equal(events.length, 1);
  assert.equal(dumps.length, 1);
  assert.match(String(dumps[0]!.traceback), /Incorrect format for feed https:\/\/dataplane\.org\/dnsrd\.txt/);
});
