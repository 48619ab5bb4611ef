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

test('current format: categories, comments and one event per destination port', async () => {
  const raw = [
    '#generated on 20190326',
    '#category|address|asn|timestamp|optional_information|asninfo',
    'bot|172.16.0.21|64496|2019-03-25 03:44:22|family: nivdort;dest_addr: 172.16.0.22; dest_port: 80, 81;protocol: 6;|Example AS Name, AT',
    'darknet|172.16.0.21|64496|2019-03-25 17:24:06|destination_port_numbers: 23 (total_count:3);protocol: 182;|Example AS Name, AT',
    'proxy|172.16.0.21|0|2019-03-25 10:38:00|socks4-61039; additional_asns: 212682;|Example AS, Name, AT',
    'controller|172.16.0.21|64496|2019-09-22 05:39:38|family: http_post;hostname: sub.example.comport: 80;|Example AS Name, AT',
    'bruteforce|172.16.0.21|64496|2019-01-10 22:25:58|ssh;|Example AS Name, AT',
    'unknown|172.16.0.21|64496|2019-01-10 22:25:58||Example AS Name, AT',
  ].join('\n');
  const { events, dumps } = await parse(raw);
  assert.equal(events.length, 6);
  const [bot80, bot81, darknet, proxy, controller, brute] = events as Array<Record<string, unknown>>;
  assert.equal(bot80!['destination.port'], 80);
  assert.equal(bot81!['destination.port'], 81);
  assert.equal(bot80!['protocol.transport'], 'tcp');
  assert.equal(bot80!['malware.name'], 'nivdort');
  assert.equal(bot80!['source.geolocation.cc'], 'AT');
  assert.equal(darknet!['extra.protocol.transport'], 182);
  assert.equal(darknet!['destination.port'], 23);
  assert.equal(proxy!['source.port'], 61039);
  assert.equal(proxy!['source.as_name'], 'Example AS, Name');
  assert.deepEqual(proxy!['extra.source.asns'], [212682]);
  assert.equal(controller!['source.fqdn'], 'sub.example.com');
  assert.equal(controller!['source.port'], 80);
  assert.equal(brute!['classification.identifier'], 'ssh');
  assert.equal(text(brute!['raw']), '#generated on 20190326\n#category|address|asn|timestamp|optional_information|asninfo\nbruteforce|172.16.0.21|64496|2019-01-10 22:25:58|ssh;|Example AS Name, AT');
  assert.equal(dumps.length, 1);
  assert.match(String(dumps[0]!.traceback), /Unknown category 'unknown'/);
});

test('legacy format', async () => {
  const raw = '# Data file written at Fri Oct 31 13:37:42 2017 GMT\nbots|172.16.0.21|0|2017-10-31 10:00:05|srcport 1337 mwtype Mirai Bot destaddr 172.16.0.22 Some Botnet|Example AS Name\nproxy|172.16.0.21|64496|2017-10-31 10:00:03|HTTP CONNECT (8080)|Example AS Name\nddosreport|172.16.0.21|64496|2017-10-31 10:00:03|x|AS';
  const { events, dumps } = await parse(raw);
  assert.equal(events.length, 2);
  assert.equal(events[0]!['malware.name'], 'mirai bot');
  assert.equal(events[0]!['extra.source_port'], 1337);
  assert.equal(events[0]!['destination.ip'], '172.16.0.22');
  assert.equal(events[0]!['event_description.text'], 'Some Botnet');
  assert.ok(!('source.asn' in events[0]!));
  assert.equal(events[1]!['extra.request'], 'HTTP CONNECT (8080)');
  assert.equal(dumps.length, 1);
});
