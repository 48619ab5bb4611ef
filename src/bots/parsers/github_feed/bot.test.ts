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


const URL = 'https://raw.githubusercontent.com/StrangerealIntel/DailyIOC/master/x.json';

test('hashes, domains, addresses and URLs', async () => {
  const iocs = [
    { Indicator: '44d88612fea8a8f36de82e1278abb02f', Description: 'eicar' },
    { Indicator: 'example.com', Description: 'd' },
    { Indicator: '192.0.2.1', Description: 'i' },
    { Indicator: 'http://example.com/x', Description: 'u' },
    { Indicator: 'not an ioc', Description: 'n' },
  ];
  const { events, logger } = await parse(JSON.stringify(iocs).replace(/"/g, "'"), { 'feed.url': URL });
  assert.equal(events.length, 4);
  assert.equal(events[0]!['malware.hash.md5'], '44d88612fea8a8f36de82e1278abb02f');
  assert.equal(events[0]!['classification.taxonomy'], 'malicious-code');
  assert.equal(events[0]!['classification.type'], 'malware');
  assert.equal(events[1]!['source.fqdn'], 'example.com');
  assert.equal(events[1]!['classification.type'], 'undetermined');
  assert.equal(events[2]!['source.ip'], '192.0.2.1');
  assert.equal(events[3]!['source.url'], 'http://example.com/x');
  assert.equal(text(events[1]!['raw']), "{'Indicator': 'example.com', 'Description': 'd'}");
  assert.equal(logger.count('WARNING'), 1);
});

test('unknown feeds fail the report, broken JSON is logged', async () => {
  const unknown = await parse('[]', { 'feed.url': 'https://example.com/' });
  assert.equal(unknown.dumps.length, 1);
  const broken = await parse('[{', { 'feed.url': URL });
  assert.equal(broken.events.length, 0);
  assert.equal(broken.logger.count('ERROR'), 1);
});
