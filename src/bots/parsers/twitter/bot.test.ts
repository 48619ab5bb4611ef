import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createInMemoryBot } from '../../../conformance/harness.ts';
import { packagedHarmonization } from '../../../message/index.ts';
import { decodeRaw, runParser } from '../_testing/run-parser.ts';
import { bot } from './bot.ts';
import { urlNormalize } from './url-normalize.ts';

const TWEET = `Here is my link. I have run Sales.exe with VM.

hxxp://testweb[.]com/Sales-Invoice/
cc.pro/images.html
There is another threat, and that is at 
http]]://karlos .net/

tak a look at hxxp://block[.]de[.]com/malware.exe
Another threat is placed at  ghzz,com
`;

const PARAMS = { substitutions: ' .net;.net;[.];.;,;.', classification_type: 'blacklist', default_scheme: 'http' };

test('defanged URLs are found, normalized and checked against the public suffix list', async () => {
  const { events, dumps } = await runParser(bot, TWEET, { 'feed.url': 'https://twitter.com/El_carlos/1234456' }, PARAMS);
  assert.equal(dumps.length, 0);
  assert.deepEqual(events.map((e) => e['source.url']), [
    'http://testweb.com/sales-invoice/',
    'http://cc.pro/images.html',
    'http://karlos.net/',
    'http://block.de.com/malware.exe',
    'http://ghzz.com/',
  ]);
  for (const e of events) {
    assert.equal(e['classification.type'], 'blacklist');
    assert.equal(decodeRaw(e['raw']), TWEET);
  }
});

test('whitelisted domains are left out; the default scheme is https; an invalid type is undetermined', async () => {
  const { events } = await runParser(bot, 'see example.com/x and evil.example.net/y', {}, { domain_whitelist: 'example\\.com,^other', classification_type: 'nonsense' });
  assert.deepEqual(events.map((e) => e['source.url']), ['https://evil.example.net/y']);
  assert.equal(events[0]!['classification.type'], 'undetermined');
});

test('an odd number of substitution parts is a configuration error', async () => {
  assert.equal(bot.check!({ substitutions: 'a;b;c', domain_whitelist: '', classification_type: 'unknown', default_scheme: null }).length, 1);
  await assert.rejects(createInMemoryBot(bot, { params: { substitutions: 'a;b;c' }, paths: ['_default'], harmonization: packagedHarmonization() }), /substitutions/);
});

test('url-normalize', () => {
  assert.equal(urlNormalize('Example.COM', 'http'), 'http://example.com/');
  assert.equal(urlNormalize('example.com:80/a/./b/../c', 'http'), 'http://example.com/a/c');
  assert.equal(urlNormalize('example.com/a b?z=1&a=%7e', 'https'), 'https://example.com/a%20b?a=~&z=1');
  assert.equal(urlNormalize('bücher.example/', 'https'), 'https://xn--bcher-kva.example/');
  assert.throws(() => urlNormalize('a..example', 'https'));
});
