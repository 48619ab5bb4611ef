import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createInMemoryBot } from '../../../conformance/harness.ts';
import { packagedHarmonization, pyJsonDumps } from '../../../message/index.ts';
import { bot } from './bot.ts';

const FIXTURE = readFileSync(new URL('./fixture.html', import.meta.url), 'utf8');
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const unb64 = (s: unknown) => Buffer.from(String(s), 'base64').toString('utf8');

async function parse(params: Record<string, unknown>, html: string) {
  const report = pyJsonDumps({ 'feed.name': 'HTML', 'time.observation': '2019-01-01T00:00:00+00:00', raw: b64(html), __type: 'Report' });
  const b = await createInMemoryBot(bot, { params, paths: ['_default'], harmonization: packagedHarmonization() });
  try {
    const { output, dumps } = await b.run([report]);
    const events = output['_default']!.map((m) => JSON.parse(m) as Record<string, unknown>);
    return { events, raws: events.map((e) => unb64(e['raw'])), dumps: dumps.map((d) => unb64((JSON.parse(d.message) as { raw: string }).raw)), logger: b.logger };
  } finally {
    await b.close();
  }
}

const PARAMS = {
  columns: ['time.source', 'source.ip', 'malware.name', 'extra.sbl'],
  ignore_values: ['', '', '', 'Not listed'],
  attribute_name: 'class',
  attribute_value: 'data-table',
  split_column: 'source.ip',
  split_separator: ' ',
  split_index: -1,
};

test('rows of the selected table become events; raw is the row as BeautifulSoup prints it', async () => {
  const { events, raws, dumps } = await parse(PARAMS, FIXTURE);
  assert.equal(dumps.length, 0);
  assert.equal(events.length, 2);
  assert.equal(events[0]!['time.source'], '2019-02-06T10:36:27+00:00');
  assert.equal(events[0]!['source.ip'], '192.0.2.1');
  assert.equal(events[0]!['malware.name'], 'heodo');
  assert.equal(events[0]!['classification.type'], 'c2-server');
  assert.ok(!('extra.sbl' in events[0]!));
  assert.equal(events[1]!['source.ip'], '192.0.2.2');
  assert.equal(events[1]!['extra.sbl'], 'SBL1');
  // Expected strings produced by bs4 4.11 with html.parser from the same fixture.
  assert.deepEqual(raws, [
    '<tr>\n<td>2019-02-06 10:36:27</td>\n<td><a href="/host?ip=192.0.2.1&amp;x=1" title=\'C&amp;C "panel"\'>192.0.2.1</a></td>\n<td><span class="badge info">Heodo <img alt="-" src="flame.svg"/></span></td>\n<td>Not listed</td>\n</tr>',
    '<tr>\n<td>2018-12-11 18:26:22</td>\n<td>[D] 192.0.2.2\u00a0</td>\n<td><span class="badge">Dridex</span></td>\n<td><a href="https://www.spamhaus.org/sbl/query/SBL1">SBL1</a></td>\n</tr>',
  ]);
});

test('table_index, skip_table_head and a row that adds nothing', async () => {
  const menu = await parse({ columns: 'malware.name', skip_table_head: false, type: 'malware-distribution' }, FIXTURE);
  assert.deepEqual(menu.events.map((e) => e['malware.name']), ['not data']);
  assert.equal(menu.events[0]!['classification.type'], 'malware-distribution');
  const last = await parse({ columns: ['__IGNORE__', '__IGNORE__', 'malware.name'], table_index: -1 }, FIXTURE);
  assert.deepEqual(last.events.map((e) => e['malware.name']), ['heodo', 'dridex']);
  const none = await parse({ ...PARAMS, columns: ['__IGNORE__', '__IGNORE__', '__IGNORE__', '__IGNORE__'] }, FIXTURE);
  assert.equal(none.events.length, 0);
  assert.equal(none.dumps.length, 0);
});

test('a missing table fails the report; a failing row ends it and the report is dumped whole', async () => {
  const missing = await parse({ ...PARAMS, table_index: 5 }, FIXTURE);
  assert.equal(missing.events.length, 0);
  assert.equal(missing.dumps.length, 1);

  const html = '<table><tr><th>ip</th></tr><tr><td>192.0.2.1</td></tr><tr><td>bad</td></tr><tr><td>192.0.2.3</td></tr></table>';
  const { events, dumps, logger } = await parse({ columns: ['source.ip'] }, html);
  assert.deepEqual(events.map((e) => e['source.ip']), ['192.0.2.1']);
  assert.deepEqual(dumps, [html]);
  assert.equal(logger.count('ERROR'), 1);
});

test('time_format and default_url_protocol', async () => {
  const html = '<table><tr><th/></tr><tr><td>1441008970</td><td>example.com/x</td></tr></table>';
  const { events } = await parse({ columns: ['time.source', 'source.url'], time_format: 'timestamp' }, html);
  assert.equal(events[0]!['time.source'], '2015-08-31T08:16:10+00:00');
  assert.equal(events[0]!['source.url'], 'http://example.com/x');
});

test('invalid configurations are refused', async () => {
  const make = (params: Record<string, unknown>) => createInMemoryBot(bot, { params, paths: ['_default'], harmonization: packagedHarmonization() });
  await assert.rejects(make({ columns: ['source.ip', 'source.url'], ignore_values: [''] }), /ignore_values/);
  await assert.rejects(make({ columns: ['source.ip'], time_format: 'sometimes' }), /time_format/);
});
