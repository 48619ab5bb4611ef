import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createInMemoryBot } from '../../../conformance/harness.ts';
import { packagedHarmonization, pyJsonDumps } from '../../../message/index.ts';
import { bot, stripComments } from './bot.ts';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const unb64 = (s: unknown) => Buffer.from(String(s), 'base64').toString('utf8');

async function parse(params: Record<string, unknown>, text: string) {
  const report = pyJsonDumps({ 'feed.name': 'CSV', 'time.observation': '2015-01-01T00:00:00+00:00', raw: b64(text), __type: 'Report' });
  const b = await createInMemoryBot(bot, { params, paths: ['_default'], harmonization: packagedHarmonization() });
  try {
    const { output, dumps } = await b.run([report]);
    const events = output['_default']!.map((m) => JSON.parse(m) as Record<string, unknown>);
    return { events, raws: events.map((e) => unb64(e['raw'])), dumps: dumps.map((d) => unb64((JSON.parse(d.message) as { raw: string }).raw)), logger: b.logger };
  } finally {
    await b.close();
  }
}

test('comment and blank lines are skipped; rows are re-encoded with commas for raw', async () => {
  const text = ' # comment\n\t#another\n \t \n2015-12-14 04:19:00\tignored\tbad site\twww.example.com/x.zip\t192.0.2.5\n';
  const { events, raws, dumps } = await parse({
    columns: ['time.source', '__IGNORE__', 'event_description.text', 'source.url', 'source.ip'],
    delimiter: '\t', type: 'malware-distribution',
  }, text);
  assert.equal(dumps.length, 0);
  assert.equal(events.length, 1);
  assert.equal(events[0]!['time.source'], '2015-12-14T04:19:00+00:00');
  assert.equal(events[0]!['source.url'], 'http://www.example.com/x.zip');
  assert.equal(events[0]!['event_description.text'], 'bad site');
  assert.equal(events[0]!['classification.type'], 'malware-distribution');
  assert.equal(events[0]!['feed.name'], 'CSV');
  assert.equal(raws[0], '2015-12-14 04:19:00,ignored,bad site,www.example.com/x.zip,192.0.2.5\n');
});

test('a column string is split on commas; a|b tries the keys in order', async () => {
  const { events } = await parse({ columns: 'source.ip|source.fqdn , source.port', type: 'scanner' }, '192.0.2.1,80\nexample.com,81\n');
  assert.equal(events[0]!['source.ip'], '192.0.2.1');
  assert.equal(events[1]!['source.fqdn'], 'example.com');
  assert.equal(events[1]!['source.port'], 81);
});

test('an invalid required value dumps that line (with the header) and the other lines go on', async () => {
  const text = 'ip,host\n192.0.2.1,example.com\n192.0.2.2,.\n192.0.2.3,-\n';
  const { events, dumps, logger } = await parse({ columns: ['source.ip', 'source.fqdn'], skip_header: 1, type: 'scanner' }, text);
  assert.deepEqual(events.map((e) => e['source.ip']), ['192.0.2.1', '192.0.2.3']);
  // "-" is an ignored value: accepted, nothing stored.
  assert.ok(!('source.fqdn' in events[1]!));
  assert.deepEqual(dumps, ['ip,host\n192.0.2.2,.\n']);
  assert.equal(logger.count('ERROR'), 1);

  const lenient = await parse({ columns: ['source.ip', 'source.fqdn'], columns_required: [true, false], skip_header: true, type: 'scanner' }, text);
  assert.equal(lenient.events.length, 3);
  assert.equal(lenient.dumps.length, 0);
});

test('skip_header keeps the skipped lines for raw and the report\'s line ending', async () => {
  const { raws } = await parse({ columns: ['source.ip'], skip_header: 2, type: 'scanner' }, 'generated today\r\nip\r\n192.0.2.1\r\n');
  assert.deepEqual(raws, ['generated today\r\nip\r\n192.0.2.1\r\n']);
  const mixed = await parse({ columns: ['source.ip'], skip_header: true, type: 'scanner' }, 'ip\n192.0.2.1\r\n192.0.2.2');
  assert.deepEqual(mixed.raws, ['ip\r\n192.0.2.1\r\n', 'ip\r\n192.0.2.2\r\n']);
});

test('Python csv quoting: quoted delimiters, doubled quotes, quoted line breaks', async () => {
  const text = '"192.0.2.1","a, ""quoted"" text"\n192.0.2.2,"two\nlines"\n';
  const { events, raws } = await parse({ columns: ['source.ip', 'event_description.text'], type: 'scanner' }, text);
  assert.equal(events[0]!['event_description.text'], 'a, "quoted" text');
  assert.equal(events[1]!['event_description.text'], 'two\nlines');
  assert.deepEqual(raws, ['192.0.2.1,"a, ""quoted"" text"\n', '192.0.2.2,"two\nlines"\n']);
});

test('data_type, column_regex_search, type_translation and compose_fields', async () => {
  const text = 'AS64496,"[""t1"",""t2""]",Testing,example.com,/path\n';
  const { events } = await parse({
    columns: ['source.asn', 'extra.tags', 'classification.type', 'source.fqdn', 'source.urlpath'],
    column_regex_search: { 'source.asn': '[0-9]+' },
    data_type: '{"extra.tags": "json"}',
    type_translation: '{"Testing": "malware-distribution"}',
    compose_fields: { 'source.url': 'http://{3}{4}' },
  }, text);
  assert.equal(events[0]!['source.asn'], 64496);
  assert.deepEqual(events[0]!['extra.tags'], ['t1', 't2']);
  assert.equal(events[0]!['classification.type'], 'malware-distribution');
  assert.equal(events[0]!['source.url'], 'http://example.com/path');

  const dict = await parse({ columns: ['classification.type', 'source.ip'], type_translation: { bad: 'malware' } }, 'bad,192.0.2.1\nunknown,192.0.2.2\n');
  assert.equal(dict.events[0]!['classification.type'], 'malware');
  // Unmapped type without a `type` fallback: the required column cannot be filled.
  assert.equal(dict.events.length, 1);
  assert.equal(dict.dumps.length, 1);
});

test('filter_text with whitelist and blacklist', async () => {
  const text = 'ipset add x 192.0.2.1\nipset del x 192.0.2.2\n';
  const columns = ['__IGNORE__', '__IGNORE__', '__IGNORE__', 'source.ip'];
  const white = await parse({ columns, delimiter: ' ', filter_text: 'ipset add', filter_type: 'whitelist', type: 'blacklist' }, text);
  assert.deepEqual(white.events.map((e) => e['source.ip']), ['192.0.2.1']);
  const black = await parse({ columns, delimiter: ' ', filter_text: 'ipset add', filter_type: 'blacklist', type: 'blacklist' }, text);
  assert.deepEqual(black.events.map((e) => e['source.ip']), ['192.0.2.2']);
  assert.equal(black.raws[0], 'ipset,del,x,192.0.2.2\n');
});

test('time formats: epoch_millis by length, from_format patterns; unparsable time fails the line', async () => {
  const millis = await parse({ columns: ['source.ip', 'time.source'], time_format: 'epoch_millis', type: 'scanner' }, '192.0.2.1,1495782036\n192.0.2.2,1495782036123\n');
  assert.deepEqual(millis.events.map((e) => e['time.source']), ['2017-05-26T07:00:36+00:00', '2017-05-26T07:00:36+00:00']);
  const fmt = await parse({ columns: ['source.ip', 'time.source'], time_format: 'from_format|%d.%m.%Y %H:%M', type: 'scanner' }, '192.0.2.1,31.12.2020 23:59\n192.0.2.2,garbage\n');
  assert.equal(fmt.events.length, 1);
  assert.equal(fmt.events[0]!['time.source'], '2020-12-31T23:59:00+00:00');
  assert.equal(fmt.dumps.length, 1);
});

test('invalid configurations are refused', async () => {
  const h = packagedHarmonization();
  const make = (params: Record<string, unknown>) => createInMemoryBot(bot, { params, paths: ['_default'], harmonization: h });
  await assert.rejects(make({}), /columns/);
  await assert.rejects(make({ columns: ['source.ip'], columns_required: [true, false] }), /columns_required/);
  await assert.rejects(make({ columns: ['source.ip'], filter_type: 'greylist' }), /filter_type/);
  await assert.rejects(make({ columns: ['source.ip'], time_format: 'from_format' }), /time_format/);
  await assert.rejects(make({ columns: ['source.ip'], delimiter: ';;' }), /delimiter/);
  assert.deepEqual(bot.check!({ ...defaults(), columns: ['source.ip'], columns_required: [] }).map((d) => d.level), ['error']);
});

function defaults() {
  return { columns: null, columns_required: null, column_regex_search: null, compose_fields: null, data_type: null, default_url_protocol: 'http://', delimiter: ',', filter_text: null, filter_type: null, skip_header: false, time_format: null, type: null, type_translation: null };
}

test('comment stripping as upstream\'s multiline regexes', () => {
  assert.equal(stripComments('  # c\n\t#d\n   \n\t\t\n  a,b\n#x\nc\0,d\n'), 'a,b\nc,d\n');
  // Only \n starts a line for Python's (?m)^.
  assert.equal(stripComments('a\r#b\n'), 'a\r#b\n');
});
