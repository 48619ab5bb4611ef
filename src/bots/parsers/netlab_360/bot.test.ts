import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeRaw, runParser } from '../_testing/run-parser.ts';
import { bot } from './bot.ts';

const DGA = `# DGA Domain List
# Format: family\\tdomain\\tstart_time\\tend_time
suppobox\tdifficultdress.net\t2016-11-12 11:58:56\t2016-11-13 00:04:15
foobar\texample.com\t2018-01-01 00:00:00\t2030-05-04 00:08:08
`;

test('DGA: family and domain; a validity start after the observation becomes the observation time', async () => {
  const { events, dumps } = await runParser(bot, DGA, { 'feed.url': 'http://data.netlab.360.com/feeds/dga/dga.txt', 'time.observation': '2017-06-01T00:00:00+00:00' });
  assert.equal(dumps.length, 0);
  assert.deepEqual(events[0], {
    'feed.name': 'Test feed',
    'feed.url': 'http://data.netlab.360.com/feeds/dga/dga.txt',
    'time.observation': '2017-06-01T00:00:00+00:00',
    'classification.identifier': 'suppobox',
    raw: Buffer.from('suppobox\tdifficultdress.net\t2016-11-12 11:58:56\t2016-11-13 00:04:15').toString('base64'),
    'source.fqdn': 'difficultdress.net',
    'time.source': '2016-11-12T11:58:56+00:00',
    'classification.type': 'c2-server',
    'event_description.url': 'http://data.netlab.360.com/dga',
    __type: 'Event',
  });
  assert.equal(events[1]!['time.source'], '2017-06-01T00:00:00+00:00');
});

test('Magnitude EK, Mirai and Hajime scanners (https feed URLs too)', async () => {
  const magnitude = await runParser(bot, 'Magnitude\t1478946665\t178.32.227.12\t3ebo08o4ct0f6n2336.insides.party\thttp://3ebo08o4ct0f6n2336.insides.party/d97cc5\nMagnitude\t1478946665\t192.0.2.1\t192.0.2.1\tN/A\n', {
    'feed.url': 'https://data.netlab.360.com/feeds/ek/magnitude.txt',
  });
  assert.equal(magnitude.events[0]!['time.source'], '2016-11-12T10:31:05+00:00');
  assert.equal(magnitude.events[0]!['source.url'], 'http://3ebo08o4ct0f6n2336.insides.party/d97cc5');
  assert.equal(magnitude.events[0]!['classification.type'], 'exploit');
  assert.equal(magnitude.events[0]!['classification.identifier'], 'magnitude');
  assert.ok(!('source.fqdn' in magnitude.events[1]!) && !('source.url' in magnitude.events[1]!));

  const mirai = await runParser(bot, '2016-08-01 12:46:01\tsip=109.86.182.249\tdport=23\n', { 'feed.url': 'http://data.netlab.360.com/feeds/mirai-scanner/scanner.list' });
  assert.equal(mirai.events[0]!['source.ip'], '109.86.182.249');
  assert.equal(mirai.events[0]!['destination.port'], 23);
  assert.equal(mirai.events[0]!['classification.identifier'], 'mirai');
  assert.equal(mirai.events[0]!['classification.type'], 'scanner');

  const hajime = await runParser(bot, '2017-09-11\tip=192.0.2.45\n', { 'feed.url': 'https://data.netlab.360.com/feeds/hajime-scanner/bot.list' });
  assert.equal(hajime.events[0]!['time.source'], '2017-09-11T00:00:00+00:00');
  assert.equal(hajime.events[0]!['classification.identifier'], 'hajime');
  assert.equal(decodeRaw(hajime.events[0]!['raw']), '2017-09-11\tip=192.0.2.45');
});

test('a broken line is dumped with the comment lines before it; an unknown feed fails every line', async () => {
  const { events, dumps } = await runParser(bot, `${DGA}broken\tline\n`, { 'feed.url': 'http://data.netlab.360.com/feeds/dga/dga.txt' });
  assert.equal(events.length, 2);
  assert.deepEqual(dumps, ['# DGA Domain List\n# Format: family\\tdomain\\tstart_time\\tend_time\nbroken\tline']);

  const unknown = await runParser(bot, DGA, { 'feed.url': 'http://example.com/other.txt' });
  assert.equal(unknown.events.length, 0);
  assert.equal(unknown.dumps.length, 2);
});
