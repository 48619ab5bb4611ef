import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PyHtmlParser, type PyHtmlAttrs } from './pyhtmlparser.ts';

function record(feeds: string[]) {
  const events: Array<[string, ...unknown[]]> = [];
  const parser = new PyHtmlParser({
    starttag: (tag: string, attrs: PyHtmlAttrs) => events.push(['start', tag, attrs]),
    endtag: (tag: string) => events.push(['end', tag]),
    data: (data: string) => events.push(['data', data]),
  });
  for (const f of feeds) parser.feed(f);
  return events;
}

test('tags, attributes and text chunks as html.parser reports them', () => {
  assert.deepEqual(record(['<TD Class=name><a HREF="/x?a=1&amp;b=2" disabled>Link &amp; more</a> tail']), [
    ['start', 'td', [['class', 'name']]],
    ['start', 'a', [['href', '/x?a=1&b=2'], ['disabled', null]]],
    ['data', 'Link & more'],
    ['end', 'a'],
    ['data', ' tail'],
  ]);
  assert.deepEqual(record(['<br/><!-- note -->x<!DOCTYPE html>y']), [['start', 'br', []], ['end', 'br'], ['data', 'x'], ['data', 'y']]);
});

test('a tag cut at the end of a feed waits for the next feed', () => {
  assert.deepEqual(record(["<tr><td><a href='domain.php?q=11e.com", "'>11e.com", '</a></td></tr>']), [
    ['start', 'tr', []],
    ['start', 'td', []],
    ['start', 'a', [['href', 'domain.php?q=11e.com']]],
    ['data', '11e.com'],
    ['end', 'a'],
    ['end', 'td'],
    ['end', 'tr'],
  ]);
});

test('script content is one chunk, reported once the end tag arrives', () => {
  assert.deepEqual(record(['<script>', 'var a = "<b>";', 'if (a < b) {}', '</script>']), [
    ['start', 'script', []],
    ['data', 'var a = "<b>";if (a < b) {}'],
    ['end', 'script'],
  ]);
});

test('a stray "<" is text; a character reference cut at the end waits', () => {
  assert.deepEqual(record(['a < b']), [['data', 'a '], ['data', '<'], ['data', ' b']]);
  assert.deepEqual(record(['x &am', 'p; y']), [['data', 'x & y']]);
});
