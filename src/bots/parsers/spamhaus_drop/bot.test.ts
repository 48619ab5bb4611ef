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

test('network and ASN lists, time from Last-Modified', async () => {
  const net = await parse('; Spamhaus DROP List\n; Last-Modified: Mon, 14 Sep 2015 04:39:22 GMT\n1.4.0.0/17 ; SBL256893\n2a06:e480::/29 ; SBL301771\nnonsense ; x\n');
  assert.equal(net.events.length, 2);
  assert.equal(net.events[0]!['source.network'], '1.4.0.0/17');
  assert.equal(net.events[0]!['extra.blocklist'], 'SBL256893');
  assert.equal(net.events[0]!['time.source'], '2015-09-14T04:39:22+00:00');
  assert.equal(net.events[0]!['classification.type'], 'spam');
  assert.equal(net.dumps.length, 1);
  const asn = await parse('; Last-Modified: Mon, 14 Sep 2015 04:39:22 GMT\nAS260 ; AE | XCONNECT24 - Xconnect24 Inc., US\nAS10516 ; | Orb-bit Design Group\n');
  assert.equal(asn.events[0]!['source.asn'], 260);
  assert.equal(asn.events[0]!['source.geolocation.cc'], 'AE');
  assert.equal(asn.events[0]!['source.as_name'], 'XCONNECT24 - Xconnect24 Inc., US');
  assert.ok(!('source.geolocation.cc' in asn.events[1]!));
});
