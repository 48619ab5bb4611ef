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


const ENTRY = {
  Version: 1.5, IndicatorThreatType: 'MaliciousUrl', Url: 'http://example.com/x', FirstReportedDateTime: '2018-02-06T09:37:02.1234567Z',
  LastReportedDateTime: '2018-02-06T09:37:02.1234567Z', NetworkDestinationIPv4: '0.0.0.0', NetworkDestinationAsn: 0, TLPLevel: 'Amber', Tags: ['Malicious'],
};

test('maps malicious URLs', async () => {
  const { events, dumps } = await parse(JSON.stringify([ENTRY, { ...ENTRY, Version: 2 }]));
  assert.equal(events.length, 1);
  const e = events[0]!;
  assert.equal(e['source.url'], 'http://example.com/x');
  assert.equal(e['classification.identifier'], 'MaliciousUrl');
  assert.equal(e['classification.type'], 'blacklist');
  assert.equal(e['tlp'], 'AMBER');
  assert.ok(!('source.ip' in e) && !('source.asn' in e));
  assert.match(text(e['raw']), /^\[\{"FirstReportedDateTime": /);
  assert.equal(dumps.length, 1);
});
