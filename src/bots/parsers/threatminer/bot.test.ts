import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeRaw, runParser } from '../_testing/run-parser.ts';
import { bot } from './bot.ts';

const link = (kind: string, value: string) => `<tr><td><a href='${kind}.php?q=${value}\n'>${value}\n</a></td></tr>`;

const page = (domains: string[]) => `<!DOCTYPE html>
<html>
<body>
<div class="col-lg-4">

<div class="panel panel-default">
<div class="panel-heading">
<i class="fa fa-globe fa-fw"></i>
Recent domains
</div>
<div class="panel-body">
<table class="table table-bordered table-hover table-striped">
${domains.map((d) => link('domain', d)).join('')} </table>
</div>
</div> 
</div> 

<div class="col-lg-4">

<div class="panel panel-default">
<div class="panel-heading">
<i class="fa fa-desktop fa-fw"></i>
Recent hosts
</div>
<div class="panel-body">
<table class="table table-bordered table-hover table-striped">
${link('host', '80.211.235.241')} </table>
</div>
</div>
</body>
</html>
`;

test('one event per recent domain; raw is the line the domain text ends on', async () => {
  const { events, dumps } = await runParser(bot, page(['11e.com', 'studiosimge.com', 'www.studiosimge.com']), { 'feed.url': 'https://www.threatminer.org' });
  assert.equal(dumps.length, 0);
  assert.deepEqual(events.map((e) => e['source.fqdn']), ['11e.com', 'studiosimge.com', 'www.studiosimge.com']);
  assert.equal(events[0]!['classification.type'], 'blacklist');
  assert.equal(decodeRaw(events[0]!['raw']), "'>11e.com");
  assert.equal(decodeRaw(events[2]!['raw']), "'>www.studiosimge.com");
});

test('an invalid domain is dumped, the others go on', async () => {
  const { events, dumps } = await runParser(bot, page(['good.example', 'bad:domain', 'other.example']));
  assert.deepEqual(events.map((e) => e['source.fqdn']), ['good.example', 'other.example']);
  assert.deepEqual(dumps, ["'>bad:domain"]);
});

test('a page without the panels fails as a whole', async () => {
  const { events, dumps } = await runParser(bot, '<html><body>Recent domains are unavailable</body></html>');
  assert.equal(events.length, 0);
  assert.equal(dumps.length, 1);
});
