import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runParser } from '../_testing/run-parser.ts';
import { bot } from './bot.ts';

const SINKHOLE =
  '{"category": "bots", "origin": "sinkhole", "confidence": "high", "name": "sality", "proto": "tcp", "address": [{"cc": "US", "ip": "68.68.96.235", "asn": 18779}], "source": "cert-pl.sinkhole", "adip": "x.x.111.99", "time": "2015-11-17T12:17:27.043452Z", "dport": 80, "sport": 22308, "type": "event", "id": "d77ae8cf681dcdbb6e20014581401ed5"}';

test('one event per address, then the event itself', async () => {
  const { events, dumps } = await runParser(bot, SINKHOLE, { 'time.observation': '2015-11-17T12:17:27+00:00' });
  assert.equal(dumps.length, 0);
  assert.equal(events.length, 2);
  assert.deepEqual(events[0], {
    'feed.name': 'Test feed',
    'time.observation': '2015-11-17T12:17:27+00:00',
    raw: Buffer.from(SINKHOLE).toString('base64'),
    'time.source': '2015-11-17T12:17:27.043452+00:00',
    'destination.port': 80,
    'extra.feed_id': 'd77ae8cf681dcdbb6e20014581401ed5',
    'extra.adip': 'x.x.111.99',
    'protocol.transport': 'tcp',
    'source.port': 22308,
    'extra.confidence': 'high',
    'extra.feed_source': 'cert-pl.sinkhole',
    'malware.name': 'sality',
    'classification.taxonomy': 'malicious-code',
    'classification.type': 'infected-system',
    'classification.identifier': 'sality',
    'source.ip': '68.68.96.235',
    'source.asn': 18779,
    'source.geolocation.cc': 'US',
    __type: 'Event',
  });
  assert.ok(!('source.ip' in events[1]!));
});

test('blocklist updates, events without address, names with non-ASCII characters', async () => {
  const bl = await runParser(bot, '{"category": "other", "confidence": "low", "expires": "2019-02-03T20:12:03Z", "fqdn": "example.com", "source": "example", "time": "2019-01-12T23:12:02Z", "type": "bl-update", "id": "x", "address": [{"cc": "AT", "ip": "10.0.0.1", "asn": 65536}]}');
  assert.equal(bl.events[0]!['classification.type'], 'blacklist');
  assert.equal(bl.events[0]!['classification.taxonomy'], 'other');
  assert.equal(bl.events[0]!['extra.expires'], '2019-02-03T20:12:03+00:00');
  assert.equal(bl.events[0]!['source.fqdn'], 'example.com');

  const cnc = await runParser(bot, '{"category": "cnc", "confidence": "medium", "name": "further iocs: text with invalid ’ char", "url": "http://example.net", "fqdn": "unknown", "source": "hidden", "time": "2020-05-04T10:54:15Z", "type": "event", "id": "2f3d"}');
  assert.equal(cnc.events.length, 1);
  const e = cnc.events[0]!;
  assert.equal(e['malware.name'], 'further iocs: text with invalid  char');
  assert.equal(e['event_description.text'], 'further iocs: text with invalid ’ char');
  assert.equal(e['classification.type'], 'c2-server');
  assert.equal(e['classification.identifier'], 'c&c server');
  assert.ok(!('source.fqdn' in e));
});

test('test messages are ignored; unknown categories and broken JSON are dumped', async () => {
  const testMessage = await runParser(bot, '{"TEST MESSAGE": true}');
  assert.equal(testMessage.events.length + testMessage.dumps.length, 0);
  const unknown = await runParser(bot, '{"category": "weird", "type": "event"}');
  assert.equal(unknown.events.length, 0);
  assert.deepEqual(unknown.dumps, ['{"category": "weird", "type": "event"}']);
  const broken = await runParser(bot, '{"category": ');
  assert.equal(broken.dumps.length, 1);
});
