import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeRaw, runParser } from '../_testing/run-parser.ts';
import { bot } from './bot.ts';

const HEADER =
  'source ip,source bgp prefix,observation time,tlp,description,type,count,source time,source country,protocol,destination port,source latitude,source city,source cc,source longitude,source geohash,first seen,confidence level,last seen,expiration date,status,target,url,abuse contact,source asn,source as name,domain name,feed code,version,threat type,ns1,ns2,response,recent';
const ROW =
  '109.125.93.10,109.125.64.0/18,2019-04-01 10:13:23Z,amber,A URL is the most common resource with reference to malware binary distribution.,malware url,6,2019-04-01 03:13:20Z,Austria,http,80,48.306389,Linz,AT,14.28611,u2d4v1fv47xd,2019-04-01 03:13:20Z,51,2019-04-01 03:13:20Z,2019-05-01 09:27:55Z,,,http://example.com/,abuse@example.com,65536,"EXAMPLE, AT",,RI,1.5,,,,,';

test('maps a row; the confidence level scales the accuracy; raw is the header and the line as read', async () => {
  const { events, dumps } = await runParser(bot, `${HEADER}\r\n${ROW}\r\n`, { 'feed.accuracy': 50 });
  assert.equal(dumps.length, 0);
  const e = events[0]!;
  assert.equal(e['source.ip'], '109.125.93.10');
  assert.equal(e['source.network'], '109.125.64.0/18');
  assert.equal(e['classification.type'], 'malware-distribution');
  assert.equal(e['feed.accuracy'], 25.5);
  assert.equal(e['extra.count'], 6);
  assert.equal(e['extra.cert_eu_time_observation'], '2019-04-01T10:13:23+00:00');
  assert.equal(e['time.source'], '2019-04-01T03:13:20+00:00');
  assert.equal(e['tlp'], 'AMBER');
  assert.equal(e['source.as_name'], 'EXAMPLE, AT');
  assert.equal(e['extra.datasource'], 'RI');
  assert.equal(e['extra.source.geolocation.geohash'], 'u2d4v1fv47xd');
  assert.equal(decodeRaw(e['raw']), `${HEADER}\r\n${ROW}`);
});

test('unknown abuse types are "other"; unknown versions, filled unknown fields and bad numbers are dumped', async () => {
  const other = ROW.replace(',malware url,', ',something new,');
  const badVersion = ROW.replace(',1.5,', ',2.0,');
  const unknownField = ROW.replace(',1.5,,,,,', ',1.5,x,,,,');
  const badCount = ROW.replace(',malware url,6,', ',malware url,six,');
  const { events, dumps, logger } = await runParser(bot, [HEADER, other, badVersion, unknownField, badCount].join('\n'));
  assert.equal(events.length, 1);
  assert.equal(events[0]!['classification.type'], 'other');
  assert.equal(dumps.length, 3);
  assert.match(logger.lines.map((l) => l.message).join('\n'), /Unable to parse field 'threat type'/);
});
