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


const HEADER = 'source ip,source bgp prefix,observation time,tlp,description,type,count,source time,source country,protocol,destination port,source latitude,source city,source cc,source longitude,source geohash,first seen,confidence level,last seen,expiration date,status,target,url,abuse contact,source asn,source as name,domain name,feed code,version,threat type,ns1,ns2,response,recent';

test('maps rows; the confidence scales the accuracy; unknown fields fail the row', async () => {
  const row = '192.0.2.1,192.0.2.0/24,2018-02-06 10:00:00,amber,desc,botnet drone,3,2018-02-06 09:00:00,AT,http,80,48.2,Vienna,AT,16.3,u2edk,2018-02-01,50,2018-02-05,2018-03-01,online,,http://example.com/x,abuse@example.com,64496,AS,example.com,code,1.5,,,,,';
  const bad = row.replace(',1.5,,,,,', ',1.5,x,,,,');
  const { events, dumps } = await parse(`${HEADER}\n${row}\n${bad}\n`, { 'feed.accuracy': 80 });
  assert.equal(events.length, 1);
  const e = events[0]!;
  assert.equal(e['classification.type'], 'infected-system');
  assert.equal(e['feed.accuracy'], 40);
  assert.equal(e['extra.count'], 3);
  assert.equal(e['extra.cert_eu_time_observation'], '2018-02-06T10:00:00+00:00');
  assert.equal(e['tlp'], 'AMBER');
  assert.equal(e['source.fqdn'], 'example.com');
  assert.equal(dumps.length, 1);
  assert.match(String(dumps[0]!.traceback), /Unable to parse field 'threat type'/);
});
