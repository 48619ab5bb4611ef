import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeRaw, runParser } from '../_testing/run-parser.ts';
import { bot } from './bot.ts';

const MALWARE = '{"status": "ONLINE", "confidence": 4, "url": "http://amirosterweil.weebly.com/uploads/2/3/2/5/23258576/corporate_elearning.pdf", "country": "US", "updatedAt": "2015-12-09T04:45:53+0000", "longitude": -122.3984, "firstSeenAt": "2015-10-20T06:14:00+0000", "lastSeenAt": "2015-12-09T04:43:29+0000", "ip": "199.34.228.54", "latitude": 37.7989, "type": "MALWARE"}';
const PHISHING = '{"status": "ONLINE", "url": "http://mondeos-italo.com/store/apple/", "country": "US", "updatedAt": "2015-12-13T13:55:54+0000", "longitude": -111.8906, "firstSeenAt": "2015-07-04T17:08:23+0000", "lastSeenAt": "2015-12-13T13:53:55+0000", "ip": "184.168.221.46", "latitude": 33.6119, "type": "PHISHING"}';
const TOR = '{"status": "ONLINE", "url": "198.51.100.9:9001", "ip": "198.51.100.9", "lastSeenAt": "2016-01-01T00:00:00+0000", "type": "TOR_IP"}';

test('one event per crime server; raw is the item with sorted members', async () => {
  const { events, dumps } = await runParser(bot, `[${MALWARE}, ${PHISHING}, ${TOR}]\n`);
  assert.equal(dumps.length, 0);
  assert.equal(events.length, 3);
  const [malware, phishing, tor] = events as [Record<string, unknown>, Record<string, unknown>, Record<string, unknown>];
  assert.equal(malware['classification.type'], 'malware-distribution');
  assert.equal(malware['source.url'], 'http://amirosterweil.weebly.com/uploads/2/3/2/5/23258576/corporate_elearning.pdf');
  assert.equal(malware['source.ip'], '199.34.228.54');
  assert.equal(malware['source.geolocation.cc'], 'US');
  assert.equal(malware['time.source'], '2015-12-09T04:43:29+00:00');
  assert.equal(malware['extra.confidence'], 4);
  assert.equal(malware['extra.status'], 'ONLINE');
  assert.equal(malware['extra.time_first_seen'], '2015-10-20T06:14:00+0000');
  assert.equal(malware['extra.time_updated'], '2015-12-09T04:45:53+0000');
  assert.equal(
    decodeRaw(malware['raw']),
    '{"confidence": 4, "country": "US", "firstSeenAt": "2015-10-20T06:14:00+0000", "ip": "199.34.228.54", "lastSeenAt": "2015-12-09T04:43:29+0000", "latitude": 37.7989, "longitude": -122.3984, "status": "ONLINE", "type": "MALWARE", "updatedAt": "2015-12-09T04:45:53+0000", "url": "http://amirosterweil.weebly.com/uploads/2/3/2/5/23258576/corporate_elearning.pdf"}',
  );
  assert.equal(phishing['classification.type'], 'phishing');
  assert.equal(tor['classification.type'], 'proxy');
  assert.equal(tor['source.tor_node'], true);
  assert.ok(!('source.url' in tor));
});

test('unknown types and items without extra data are dumped, the rest goes on', async () => {
  const { events, dumps } = await runParser(bot, `[{"type": "SPAM", "status": "ONLINE"}, {"url": "http://example.com/"}, ${PHISHING}]`);
  assert.equal(events.length, 1);
  assert.deepEqual(dumps, ['{"status": "ONLINE", "type": "SPAM"}', '{"url": "http://example.com/"}']);
});

test('a response that is not a JSON list fails as a whole', async () => {
  const { events, dumps } = await runParser(bot, '{"error": "unauthorized"}');
  assert.equal(events.length, 0);
  assert.equal(dumps.length, 1);
});
