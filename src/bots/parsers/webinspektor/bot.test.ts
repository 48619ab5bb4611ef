import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeRaw, runParser } from '../_testing/run-parser.ts';
import { bot } from './bot.ts';

const row = (site: string, detected: string, target = site) => `    <tr class="susp-row">
      <td><span>${site}</span></td>
      <td>Suspicious</td>
      <td>${detected}</td>
      <td>
        <a href="/public/reports/show_website?result=3&amp;site=${encodeURIComponent(target)}">Suspicious pages were found on this site.</a>
        <br>
      </td>
    </tr>`;

const LONG = '<a href="javascript:;" onclick="show_link(\'38993673\');">http://www.coolangattafootballclub.com.a ...</a><div id="link_38993673" style="display: none;" title="URL">http://www.coolangattafootballclub.com.au</div>';

const page = (rows: string[]) => `<html xmlns="http://www.w3.org/1999/xhtml">
  <head>
      <title>Recent Malware Detection by Web Inspector</title>
  </head>
  <body>
        <div id="content">
          <h1>Unsafe sites</h1>
    <div id="detections">
      <table class="sites-list" cellpadding="0" cellspacing="0">
  <tr>
    <th>Unsafe Site</th>
    <th>Result</th>
    <th>Last Detected At</th>
    <th>Details</th>
  </tr>
${rows.join('\n')}
</table>
    </div>
  </body>
</html>
`;

test('one event per suspicious row: site, result and detection time', async () => {
  const text = page([row('https://cummins.inhance.io', '2018-02-13 08:44:30 UTC'), row(LONG, '2018-02-13 08:08:20 UTC', 'http://www.coolangattafootballclub.com.au')]);
  const { events, dumps } = await runParser(bot, text, { 'feed.url': 'https://app.webinspector.com/public/recent_detections' });
  assert.equal(dumps.length, 0);
  assert.equal(events.length, 2);
  const [first, second] = events as [Record<string, unknown>, Record<string, unknown>];
  assert.equal(first['source.url'], 'https://cummins.inhance.io');
  assert.equal(first['classification.identifier'], 'Suspicious');
  assert.equal(first['classification.taxonomy'], 'other');
  assert.equal(first['classification.type'], 'blacklist');
  assert.equal(first['time.source'], '2018-02-13T08:44:30+00:00');
  assert.equal(decodeRaw(first['raw']), '<td><span>https://cummins.inhance.io</span></td><td>2018-02-13 08:44:30 UTC</td>');
  // Long addresses are shortened in the link text; the full one is the cell's last text.
  assert.equal(second['source.url'], 'http://www.coolangattafootballclub.com.au');
});

test('a row with a broken date is dumped, the others go on', async () => {
  const { events, dumps } = await runParser(bot, page([row('http://a.example', 'yesterday-ish'), row('http://b.example', '2018-02-13 08:07:50 UTC')]));
  assert.deepEqual(events.map((e) => e['source.url']), ['http://b.example']);
  assert.deepEqual(dumps, ['<td><span>http://a.example</span></td><td>yesterday-ish</td>']);
});

test('a page without the table fails as a whole', async () => {
  const { events, dumps } = await runParser(bot, '<html>\n<body>\nDown for maintenance\n</body>\n</html>\n');
  assert.equal(events.length, 0);
  assert.equal(dumps.length, 1);
});
