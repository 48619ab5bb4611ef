import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runParser } from '../_testing/run-parser.ts';
import { bot } from './bot.ts';

const FEED = { 'feed.url': 'https://prod.cyberfeed.net/stream?key=7b7cd29c7a424b2980ca', 'feed.accuracy': 100 };

const OLD_FORMAT = {
  _geo_env_remote_addr: { path: 'env.remote_addr', asn_name: 'ExampleAS', asn: 65536, longitude: 13, latitude: 37, ip: '203.0.113.2', netmask: 24, country_code: 'AT', country_name: 'Austria', region: 'Vienna', region_code: '01', city: 'Vienna', postal_code: '1010' },
  _ts: 1484041530,
  qtype: 'A',
  _origin: 'dnsmalware',
  _provider: 'spikens',
  trojanfamily: 'Nivdort',
  env: { server_port: 80, remote_addr: '203.0.113.2', request_method: 'POST' },
};

const NEW_FORMAT = {
  metadata: { flowbits: ['_mt_s', '_mt_sa'] },
  app_proto: 'http',
  _ts: 1586252714,
  src: { ip: '203.0.113.2', port: 59645 },
  dst: { ip: '203.0.113.1', port: 80 },
  malw: { severity: 2, family: 'MalwName', variant: 'MalwName', categories: ['Adware'] },
  comm: {
    proto: 'http',
    http: { method: 'GET', host: 'example.com', path: '/path', user_agent: 'Agent', more_headers: ['Connection: Keep-Alive'], cookies: 'dummy=cookie|foo=bar', unverified_domain: 'true', x_forwarded_for: ['10.26.116.22'] },
    method: 'sinkhole',
  },
  tracking: { id: '6b49906822f2431894f295921b3c1647', last_ip: '203.0.113.3', first: 1572960032, seen: 1586318132, checkins: 2158, changes: 5, days: 154, same_ip: 'true' },
  _origin: 'infections',
  _geo_src_ip: { ip: '203.0.113.2', netmask: 24, country_code: 'AT', country_name: 'Austria', region: 'Wien', region_code: '09', city: 'Vienna', postal_code: '1210', latitude: 48.2993, longitude: 16.3479, asn: 1, asn_name: 'Example AS Name', path: 'src.ip' },
  _geo_tracking_last_ip: { ip: '203.0.113.3', netmask: 24, country_code: 'AT', dma_code: 528, path: 'tracking.last_ip' },
  _geo_comm_http_host: { ip: '203.0.113.4', netmask: 21, country_code: 'US', asn: 29791, path: 'comm.http.host' },
  _geo_comm_http_x_forwarded_for_1: { ip: '10.26.116.22', netmask: 24, country_code: 'AT', asn: 1901, path: 'comm.http.x_forwarded_for.1' },
};

test('2016 format: sinkhole connection with geolocation of the source', async () => {
  const text = JSON.stringify(OLD_FORMAT, null, 2);
  const { events, dumps } = await runParser(bot, text, FEED);
  assert.equal(dumps.length, 0);
  assert.deepEqual(events[0], {
    'feed.accuracy': 100,
    'feed.name': 'Test feed',
    'feed.url': 'https://prod.cyberfeed.net/stream',
    'time.observation': '2018-01-22T14:38:24+00:00',
    raw: Buffer.from(text).toString('base64'),
    'classification.type': 'infected-system',
    'classification.taxonomy': 'malicious-code',
    'event_description.text': 'Sinkhole attempted connection',
    'source.geolocation.cc': 'AT',
    'source.geolocation.country': 'Austria',
    'source.geolocation.region': 'Vienna',
    'source.geolocation.city': 'Vienna',
    'source.as_name': 'ExampleAS',
    'source.asn': 65536,
    'source.geolocation.longitude': 13,
    'source.geolocation.latitude': 37,
    'source.network': '203.0.113.0/24',
    'time.source': '2017-01-10T09:45:30+00:00',
    'extra.dns_query_type': 'A',
    'extra._origin': 'dnsmalware',
    'extra._provider': 'spikens',
    'malware.name': 'nivdort',
    'destination.port': 80,
    'source.ip': '203.0.113.2',
    'extra.request_method': 'POST',
    __type: 'Event',
  });
});

test('2020 format: communication, tracking and geolocation blocks; family equal to variant is dropped', async () => {
  const { events, dumps } = await runParser(bot, JSON.stringify(NEW_FORMAT), FEED, { use_malware_familiy_as_classification_identifier: false });
  assert.equal(dumps.length, 0);
  const e = events[0]!;
  assert.equal(e['malware.name'], 'malwname');
  assert.ok(!('classification.identifier' in e) && !('extra.malware.family' in e));
  assert.equal(e['destination.url'], 'http://example.com/path');
  assert.equal(e['destination.fqdn'], 'example.com');
  assert.equal(e['destination.urlpath'], '/path');
  assert.equal(e['protocol.application'], 'http');
  assert.equal(e['extra.communication.type'], 'sinkhole');
  assert.deepEqual(e['extra.communication.x_forwarded_for'], ['10.26.116.22']);
  assert.deepEqual(e['extra.metadata.flowbits'], ['_mt_s', '_mt_sa']);
  assert.equal(e['extra.tracking.last.ip'], '203.0.113.3');
  assert.equal(e['extra.days_seen'], 154);
  assert.equal(e['source.port'], 59645);
  assert.equal(e['source.network'], '203.0.113.0/24');
  // Geolocation members the harmonization lacks go to extra.
  assert.equal(e['extra.source.geolocation.region_code'], '09');
  assert.equal(e['extra.source.geolocation.postal_code'], '1210');
  assert.equal(e['extra.tracking.last.network'], '203.0.113.3/24');
  assert.equal(e['extra.tracking.last.geolocation.dma_code'], 528);
  assert.equal(e['extra.communication.http.host.asn'], 29791);
  assert.equal(e['extra.communication.http.x_forwarded_for_1.asn'], 1901);

  const identifier = await runParser(bot, JSON.stringify(NEW_FORMAT), FEED);
  assert.equal(identifier.events[0]!['classification.identifier'], 'MalwName');
});

test('an HTTP host that is another address goes to extra; DNS queries; test events are dropped', async () => {
  const otherHost = { ...NEW_FORMAT, comm: { proto: 'http', http: { method: 'GET', host: '192.168.0.1', path: '/' }, method: 'sinkhole' } };
  const host = await runParser(bot, JSON.stringify(otherHost), FEED);
  assert.equal(host.events[0]!['extra.communication.http_host'], '192.168.0.1');
  assert.equal(host.events[0]!['destination.url'], 'http://192.168.0.1/');
  assert.ok(!('destination.fqdn' in host.events[0]!));

  const dns = await runParser(bot, JSON.stringify({ ...NEW_FORMAT, app_proto: 'dns', comm: { proto: 'dns', dns: { name: 'example.com', qtype: 'A' }, method: 'sinkhole' } }), FEED);
  assert.equal(dns.events[0]!['destination.fqdn'], 'example.com');
  assert.equal(dns.events[0]!['extra.dns_query_type'], 'A');

  const ignored = await runParser(bot, JSON.stringify({ ...NEW_FORMAT, malw: { family: 'TestSinkholingLoss', variant: 'TestSinkholingLoss' } }), FEED);
  assert.equal(ignored.events.length, 0);
  assert.equal(ignored.dumps.length, 0);
});

test('empty reports give nothing; unknown fields and broken JSON are dumped', async () => {
  const empty = await runParser(bot, '\n', FEED);
  assert.equal(empty.events.length + empty.dumps.length, 0);

  const unknown = await runParser(bot, JSON.stringify({ ...NEW_FORMAT, surprise: 1 }), FEED);
  assert.equal(unknown.events.length, 0);
  assert.equal(unknown.dumps.length, 1);
  assert.match(unknown.logger.lines.map((l) => l.message).join('\n'), /Unable to parse data field surprise/);

  const broken = await runParser(bot, '{"_ts": ', FEED);
  assert.deepEqual(broken.dumps, ['{"_ts":']);

  // `#` is not allowed in extra keys: such a block cannot be kept.
  const hashKey = await runParser(bot, JSON.stringify({ _ts: 1586252714, '_geo_comm_http_x_forwarded_for_#1': { ip: '10.0.0.1', asn: 1 } }), FEED);
  assert.equal(hashKey.dumps.length, 1);
});
