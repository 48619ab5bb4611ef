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

const PHISHING = `<?xml version="1.0" encoding="UTF-8"?>
<output><entries>
<entry>
\t<line>1</line>
\t<id>11095095</id>
\t<first>1502031590</first>
\t<target><![CDATA[]]></target>
\t<url><![CDATA[http://www.example.com/a?b=1&c=2]]></url>
\t<recent>up</recent>
\t<ip>192.0.2.1</ip>
\t<domain>www.example.com</domain>
\t<source>ARIN</source>
\t<ns1></ns1>
</entry>
<entry>
\t<first>x</first>
</entry>
</entries></output>`;

test('maps entries; raw is the entry as ElementTree writes it', async () => {
  const { events, dumps } = await parse(PHISHING, { 'feed.url': 'http://support.clean-mx.de/clean-mx/xmlphishing?response=alive&domain=' });
  assert.equal(events.length, 1);
  const e = events[0]!;
  assert.equal(e['classification.type'], 'phishing');
  assert.equal(e['source.url'], 'http://www.example.com/a?b=1&c=2');
  assert.equal(e['status'], 'online');
  assert.equal(e['source.registry'], 'ARIN');
  assert.equal(e['extra.id'], '11095095');
  assert.equal(e['time.source'], '2017-08-06T14:59:50+00:00');
  assert.equal(text(e['raw']), '<entry>\n\t<line>1</line>\n\t<id>11095095</id>\n\t<first>1502031590</first>\n\t<target />\n\t<url>http://www.example.com/a?b=1&amp;c=2</url>\n\t<recent>up</recent>\n\t<ip>192.0.2.1</ip>\n\t<domain>www.example.com</domain>\n\t<source>ARIN</source>\n\t<ns1 />\n</entry>\n');
  assert.equal(dumps.length, 1);
});

test('virus feed gets malware-distribution and the AS number; unknown feeds fail', async () => {
  const xml = '<output><entry><as>AS13335</as><virusname>Js.Agent</virusname><scanner>undef</scanner><ip>192.0.2.1</ip></entry></output>';
  const { events } = await parse(xml, { 'feed.url': 'http://support.clean-mx.de/clean-mx/xmlviruses?response=alive' });
  assert.equal(events[0]!['classification.type'], 'malware-distribution');
  assert.equal(events[0]!['source.asn'], 13335);
  assert.equal(events[0]!['malware.name'], 'js.agent');
  assert.ok(!('extra.scanner' in events[0]!));
  const unknown = await parse(xml, { 'feed.url': 'http://example.com/' });
  assert.equal(unknown.events.length, 0);
  assert.equal(unknown.dumps.length, 1);
});
