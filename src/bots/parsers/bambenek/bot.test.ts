import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createInMemoryBot } from '../../../conformance/harness.ts';
import { packagedHarmonization, Report } from '../../../message/index.ts';
import { bot } from './bot.ts';

async function parse(url: string, raw: string) {
  const r = new Report(packagedHarmonization(), { 'feed.url': url });
  r.add('raw', raw);
  const b = await createInMemoryBot(bot, { params: {}, paths: ['_default'], harmonization: packagedHarmonization() });
  try {
    const { output, dumps } = await b.run([r.serialize()]);
    return { events: output['_default']!.map((m) => JSON.parse(m) as Record<string, unknown>), dumps };
  } finally {
    await b.close();
  }
}

test('C2 IP, C2 domain and DGA feeds', async () => {
  const ip = await parse('https://faf.bambenekconsulting.com/feeds/c2-ipmasterlist.txt', '## header\n192.0.2.1,IP used by shiotob/urlzone/bebloh C&C,2016-11-12 18:02,http://example.com/bebloh.txt\n');
  assert.equal(ip.events[0]!['source.ip'], '192.0.2.1');
  assert.equal(ip.events[0]!['classification.type'], 'c2-server');
  assert.equal(ip.events[0]!['malware.name'], 'bebloh');
  assert.equal(ip.events[0]!['status'], 'online');
  assert.equal(ip.events[0]!['time.source'], '2016-11-12T18:02:00+00:00');
  const dga = await parse('http://osint.bambenekconsulting.com/feeds/dga-feed.txt', 'abc.example.com,Domain used by Cryptolocker - Flashback DGA for 10 Nov 2016,2016-11-10,http://example.com/cl.txt');
  assert.equal(dga.events[0]!['source.fqdn'], 'abc.example.com');
  assert.equal(dga.events[0]!['classification.type'], 'dga-domain');
  assert.equal(dga.events[0]!['time.source'], '2016-11-10T00:00:00+00:00');
  assert.ok(!('status' in dga.events[0]!));
});

test('an unknown feed fails each line; a broken line is dumped with the header', async () => {
  const unknown = await parse('http://example.com/other.txt', 'a.example.com,x,2016-11-10,http://example.com/');
  assert.equal(unknown.events.length, 0);
  assert.equal(unknown.dumps.length, 1);
  const broken = await parse('http://osint.bambenekconsulting.com/feeds/c2-dommasterlist.txt', '# head\nhttp://x.example/y,x,2016-11-10 10:00,http://example.com/\nb.example.com,y,2016-11-10 10:00,http://example.com/');
  assert.equal(broken.events.length, 1);
  const dumped = JSON.parse(broken.dumps[0]!.message) as Record<string, unknown>;
  assert.equal(Buffer.from(String(dumped['raw']), 'base64').toString(), '# head\nhttp://x.example/y,x,2016-11-10 10:00,http://example.com/');
});
