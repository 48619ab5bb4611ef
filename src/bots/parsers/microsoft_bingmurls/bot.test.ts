import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeRaw, runParser } from '../_testing/run-parser.ts';
import { bot } from './bot.ts';

const ENTRY = {
  Attributable: false,
  Description: 'Malicious URL detected by Bing',
  FirstReportedDateTime: '2018-05-29T09:12:39.4500000Z',
  IndicatorExpirationDateTime: '2018-06-28T09:12:39.4500000Z',
  IndicatorProvider: 'Bing',
  IndicatorThreatType: 'MaliciousUrl',
  IsPartnerShareable: true,
  IsProductLicensed: true,
  LastReportedDateTime: '2018-05-29T09:12:39.4500000Z',
  NetworkDestinationAsn: 65536,
  NetworkDestinationIPv4: '198.51.100.7',
  NetworkDestinationPort: 80,
  Tags: ['US'],
  ThreatDetectionProduct: 'ES',
  TLPLevel: 'Amber',
  Url: 'http://example.com/phish/index.html',
  Version: 1.5,
};

test('maps a malicious URL; the single tag is the country', async () => {
  const { events, dumps } = await runParser(bot, JSON.stringify([ENTRY]));
  assert.equal(dumps.length, 0);
  const e = events[0]!;
  assert.equal(e['source.url'], 'http://example.com/phish/index.html');
  assert.equal(e['source.ip'], '198.51.100.7');
  assert.equal(e['source.asn'], 65536);
  assert.equal(e['source.port'], 80);
  assert.equal(e['source.geolocation.cc'], 'US');
  assert.equal(e['time.source'], '2018-05-29T09:12:39.450000+00:00');
  assert.equal(e['classification.identifier'], 'MaliciousUrl');
  assert.equal(e['classification.type'], 'blacklist');
  assert.equal(e['tlp'], 'AMBER');
  assert.equal(e['extra.indicator_provider'], 'Bing');
  assert.equal(e['extra.attributable'], false);
  assert.ok(!('extra.tags' in e));
  assert.match(decodeRaw(e['raw']), /^\[\{"Attributable": false, "Description": /);
});

test('placeholder addresses and unknown countries are left out; several tags are kept in extra', async () => {
  const { events, logger } = await runParser(bot, JSON.stringify([
    { ...ENTRY, NetworkDestinationIPv4: '0.0.0.0', NetworkDestinationAsn: 0, Tags: ['??'] },
    { ...ENTRY, Tags: ['US', 'CA'] },
  ]));
  assert.ok(!('source.ip' in events[0]!) && !('source.asn' in events[0]!) && !('source.geolocation.cc' in events[0]!));
  assert.deepEqual(events[1]!['extra.tags'], ['US', 'CA']);
  assert.equal(logger.count('WARNING'), 1);
});

test('other versions, threat types, unknown fields and differing report times are dumped', async () => {
  const { events, dumps } = await runParser(bot, JSON.stringify([
    { ...ENTRY, Version: 2 },
    { ...ENTRY, IndicatorThreatType: 'Botnet' },
    { ...ENTRY, Surprise: 1 },
    { ...ENTRY, LastReportedDateTime: '2018-05-30T00:00:00Z' },
    ENTRY,
  ]));
  assert.equal(events.length, 1);
  assert.equal(dumps.length, 4);
});
