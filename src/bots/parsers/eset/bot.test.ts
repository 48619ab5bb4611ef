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

test('domain and URL feeds', async () => {
  const domains = await parse(JSON.stringify([{ domain: 'example.com', ip: '@ipv4_NXDOMAIN', last_seen: '2020-06-20 09:00:00 UTC', reason: 'Host is used as command and control server of Foo' }]), { 'extra.eset_feed': 'ei.domains v2 (json)' });
  const e = domains.events[0]!;
  assert.equal(e['source.fqdn'], 'example.com');
  assert.ok(!('source.ip' in e));
  assert.equal(e['classification.type'], 'c2-server');
  assert.equal(e['extra.eset_feed'], 'ei.domains v2 (json)');
  assert.equal(text(e['raw']), '{"domain": "example.com", "ip": "@ipv4_NXDOMAIN", "last_seen": "2020-06-20 09:00:00 UTC", "reason": "Host is used as command and control server of Foo"}');
  const urls = await parse(JSON.stringify([{ domain: '192.0.2.1', ip: '192.0.2.1', url: 'http://192.0.2.1/x', domain_last_seen: '2020-06-20 09:00:00 UTC', reason: 'Host is known source of phishing or other fraudulent content.' }]), { 'extra.eset_feed': 'ei.urls (json)' });
  assert.equal(urls.events[0]!['source.url'], 'http://192.0.2.1/x');
  assert.equal(urls.events[0]!['classification.type'], 'phishing');
  assert.ok(!('source.fqdn' in urls.events[0]!));
});

test('unsupported feeds are dumped', async () => {
  const { events, dumps } = await parse(JSON.stringify([{ domain: 'example.com', ip: null, reason: 'x' }]), { 'extra.eset_feed': 'ei.other' });
  assert.equal(events.length, 0);
  assert.equal(dumps.length, 1);
});
