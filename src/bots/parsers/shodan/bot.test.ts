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


const BANNER = {
  ip_str: '192.0.2.1', port: 443, transport: 'tcp', timestamp: '2018-10-08T13:36:10.617421', asn: 'AS64496', org: 'Org', hostnames: ['10.0.0.1:80', 'host.example.com'],
  domains: [], location: { country_code: 'AT', city: 'Vienna', latitude: 48.2 }, tags: ['x'], hash: 123, data: 'banner',
  http: { title: 'Title', components: { nginx: {} } }, vulns: { 'CVE-1': { verified: true }, 'CVE-2': { verified: false } },
  ssl: { cert: { serial: 123456789012345678901234567890 } },
};

test('maps a banner', async () => {
  const raw = JSON.stringify(BANNER).replace('1.2345678901234568e+29', '123456789012345678901234567890');
  const { events } = await parse(raw);
  const e = events[0]!;
  assert.equal(e['source.ip'], '192.0.2.1');
  assert.equal(e['source.asn'], 64496);
  assert.equal(e['source.reverse_dns'], 'host.example.com');
  assert.ok(!('source.fqdn' in e));
  assert.equal(e['time.source'], '2018-10-08T13:36:10.617421+00:00');
  assert.deepEqual(e['extra.http.components'], ['nginx']);
  assert.deepEqual(e['extra.verified_vulns'], ['CVE-1']);
  assert.deepEqual(e['extra.shodan.unique_keys'], ['http', 'ssl', 'vulns']);
  assert.equal(e['protocol.application'], 'http');
  assert.equal(e['extra.ssl.cert.serial'], '123456789012345678901234567890');
  assert.equal(e['classification.identifier'], 'shodan-scan');
  assert.equal(text(e['raw']), raw);
});

test('minimal mode keeps the banner; broken JSON is dumped', async () => {
  const { events } = await parse(JSON.stringify(BANNER), {}, { minimal_mode: true });
  assert.equal(events[0]!['classification.identifier'], 'network-scan');
  assert.equal(events[0]!['source.geolocation.cc'], 'AT');
  assert.equal((events[0]!['extra.shodan'] as Record<string, unknown>)['port'], 443);
  const broken = await parse('{');
  assert.equal(broken.events.length, 0);
  assert.equal(broken.dumps.length, 1);
});
