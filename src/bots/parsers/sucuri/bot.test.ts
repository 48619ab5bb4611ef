import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeRaw, runParser } from '../_testing/run-parser.ts';
import { bot } from './bot.ts';

const IFRAME_1 = '<table class="gptable mwtable table"><thead><tr><th># of sites infected</th><th>Type</th><th>Malware / Domains</th></tr></thead><tbody><tr><td>55</td><td><a href="/?type=iframe">iframe</a></td><td><span><a href="/?details=poseyhumane.org">http://poseyhumane&#4<!-- sucuri -->6;org<!-- sucuri -->/stats&<!--sucuri-->#46;php</a></span></td></tr>';
const IFRAME_2 = '<tr><td>6</td><td><a href="/?type=iframe">iframe</a></td><td><span><a href="/?details=zumobtr.ru">http://zumobtr&#46;ru/gat<!-- sucuri -->e&#46<!-- sucuri -->;php?f=<!--sucuri-->1041671</a></span></td></tr>';
const REDIRECT = '<table class="gptable mwtable table"><thead><tr><th># of sites infected</th><th>Type</th><th>Malware / Domains</th></tr></thead><tbody><tr><td>9</td><td><a href="/?type=redirections">redirections</a></td><td><span><a href="/?details=goodhotwebmart.in">http://goo<!-- sucuri -->dhotw<!-- sucuri -->ebmart&<!--sucuri-->#46;in/</a></span></td></tr>';

const PAGE = `<!DOCTYPE html>
<html lang="en-US">
<head>
    <title>Sucuri Research</title>
  <script>
     ga('create', 'UA-4077922-18', 'auto');
  </script>
</head>
<body>
<div class="reg-faqfull">
<h4>Hidden iframes</h4>
<p>
Latest hidden iframes our scanner have identified on compromised web sites.

${IFRAME_1}
${IFRAME_2}
</tbody><tfoot><tr><td></td><td></td><td><i>Limited view (40 rows)... Only the top entries being displayed.</i></td></tr></tfoot></table></p>


<h4>Conditional redirections</h4>
<p>
Conditional redirections we have detected (based on user agents or referers).
${REDIRECT}
</tbody><tfoot><tr><td></td><td></td><td><i>Limited view (40 rows)...</i></td></tr></tfoot></table></p>

<h4>Encoded javascript</h4>
<table><tbody><tr><td>12</td><td><span>http://div-class-container&#46;ru/m/</span></td></tr>
</tbody></table>
</div>
</body>
</html>
`;

test('hidden iframes and conditional redirections, de-obfuscated; encoded javascript is left out', async () => {
  const { events, dumps } = await runParser(bot, PAGE, { 'feed.url': 'http://labs.sucuri.net/?malware' });
  assert.equal(dumps.length, 0);
  assert.deepEqual(events.map((e) => [e['source.url'], e['classification.identifier']]), [
    ['http://poseyhumane.org/stats.php', 'hidden-iframe'],
    ['http://zumobtr.ru/gate.php?f=1041671', 'hidden-iframe'],
    ['http://goodhotwebmart.in/', 'conditional-redirection'],
  ]);
  for (const e of events) assert.equal(e['classification.type'], 'blacklist');
  assert.equal(events[0]!['feed.url'], 'http://labs.sucuri.net/?malware');
  assert.equal(decodeRaw(events[0]!['raw']), IFRAME_1);
  assert.equal(decodeRaw(events[2]!['raw']), REDIRECT);
});

test('a row without a valid URL is dumped, the others go on', async () => {
  const broken = IFRAME_2.replace('http://zumobtr&#46;ru', 'not a url');
  const { events, dumps } = await runParser(bot, PAGE.replace(IFRAME_2, broken));
  assert.equal(events.length, 2);
  assert.deepEqual(dumps, [broken]);
});

test('a page without the tables fails as a whole', async () => {
  const { events, dumps, logger } = await runParser(bot, '<html><body><p>maintenance</p></body></html>\n');
  assert.equal(events.length, 0);
  assert.equal(dumps.length, 1);
  assert.equal(logger.count('ERROR'), 1);
});
