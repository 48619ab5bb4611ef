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

test('Interflow list format', async () => {
  const entry = {
    indicatorthreattype: 'Botnet', description: 'Host is a member of Botnet Conficker', externalid: 'Conficker', tlplevel: 'Green', confidence: 20,
    firstreporteddatetime: '2018-02-06T09:38:46', networksourceipv4: '10.0.0.5', networksourceport: 25310, networkdestinationipv4: '192.0.2.9, 192.0.2.9',
    networkdestinationport: 80, isproductlicensed: 'true', networksourceasn: '64496', additionalmetadata: ['null'], hostname: '192.0.2.9', useragent: 'UA',
  };
  const { events, dumps } = await parse(JSON.stringify([entry, { ...entry, indicatorthreattype: 'Other' }]), { 'feed.accuracy': 100 });
  assert.equal(events.length, 1);
  const e = events[0]!;
  assert.equal(e['classification.type'], 'infected-system');
  assert.equal(e['feed.accuracy'], 20);
  assert.equal(e['malware.name'], 'conficker');
  assert.equal(e['destination.ip'], '192.0.2.9');
  assert.equal(e['tlp'], 'GREEN');
  assert.equal(e['extra.user_agent'], 'UA');
  assert.equal(e['time.source'], '2018-02-06T09:38:46+00:00');
  assert.ok(!('destination.fqdn' in e) && !('extra.additionalmetadata' in e));
  assert.match(text(e['raw']), /^\[\{"indicatorthreattype": "Botnet"/);
  assert.equal(dumps.length, 1);
});

test('Azure line format with payload; overwrite controls feed.name', async () => {
  const payload = Buffer.from(JSON.stringify({ ts: 1590360328.48742, serverIp: '198.18.185.162', domain: 'example.com', type: 'Http', malware: {} })).toString('base64');
  const line = JSON.stringify({
    DataFeed: 'CTIP-Infected', SourcedFrom: 'SinkHoleMessage', DateTimeReceivedUtc: 132348339284870000, Malware: 'Avalanche', ThreatCode: 'B67-SS-TINBA',
    ThreatConfidence: 'Low', TotalEncounters: 3, TLP: 'Unknown', SourceIp: '224.0.5.8', SourcePort: 65116, TargetIp: '203.0.113.45',
    SourceIpInfo: { SourceIpAsnNumber: '64496', SourceIpCountryCode: 'AT', SourceIpAreaCode: 0, SourceIpPostalCode: '1060' },
    CustomInfo: { CustomField1: 'tinba', CustomField2: '' }, Payload: payload,
  });
  const text2 = `${line}\n{"broken"\n${JSON.stringify({ DataFeed: 'X', Payload: Buffer.from('plain').toString('base64') })}`;
  const { events, dumps } = await parse(text2, { 'feed.name': 'ctip' }, { overwrite: false });
  assert.equal(events.length, 2);
  const e = events[0]!;
  assert.equal(e['feed.name'], 'ctip');
  assert.equal(e['feed.accuracy'], 20);
  assert.equal(e['time.source'], '2020-05-24T22:45:28.487000+00:00');
  assert.equal(e['destination.fqdn'], 'example.com');
  assert.equal(e['protocol.application'], 'http');
  assert.equal(e['extra.payload.server.ip'], '198.18.185.162');
  assert.equal(e['extra.payload.timestamp'], '2020-05-24T22:45:28.487420+00:00');
  assert.equal(e['extra.custom_field1'], 'tinba');
  assert.equal(e['extra.source.geolocation.postal_code'], '1060');
  assert.ok(!('tlp' in e) && !('extra.payload.malware' in e) && !('extra.source.geolocation.area_code' in e) && !('extra.targetip' in e));
  assert.equal(text(e['raw']), line);
  assert.equal(events[1]!['extra.payload.text'], 'plain');
  assert.equal(dumps.length, 1);
  assert.equal(text((JSON.parse(dumps[0]!.message) as Record<string, unknown>)['raw']), '{"broken"');
});
