import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { zipSync } from 'fflate';
import { Inbox } from './inbox.ts';
import { formatWithTime, strftime, timedeltaMs } from './time-format.ts';
import { parseExtractFiles, unzip } from './unzip.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const names = (members: Array<{ name: string | null; content: Buffer }>) => members.map((m) => [m.name, m.content.toString()]);

test('unzip: zip, tar.bz2, gzip; a name list filters; directories are skipped; xz tar is not supported', async () => {
  const zip = Buffer.from(zipSync({ 'dir/': new Uint8Array(), 'dir/x.csv': Buffer.from('x'), 'y.csv': Buffer.from('y') }));
  assert.deepEqual(names(await unzip(zip, true)), [['dir/x.csv', 'x'], ['y.csv', 'y']]);
  assert.deepEqual(names(await unzip(zip, ['y.csv'])), [['y.csv', 'y']]);
  assert.deepEqual(names(await unzip(fixture('members.tar.bz2'), true)), [['d/a.txt', 'alpha'], ['b.txt', 'beta']]);
  assert.deepEqual(names(await unzip(gzipSync('plain'), true)), [[null, 'plain']]);
  await assert.rejects(unzip(fixture('members.tar.xz'), true), /Failed to uncompress the given file/);
  await assert.rejects(unzip(Buffer.from('just text'), true), /Failed to uncompress the given file/);
  await assert.rejects(unzip(gzipSync('plain'), true, { tryGzip: false }), /Failed to uncompress/);
});

test('parseExtractFiles: comma string, list, true, falsy', () => {
  assert.deepEqual(parseExtractFiles('a.csv, b.csv'), ['a.csv', 'b.csv']);
  assert.deepEqual(parseExtractFiles(['a']), ['a']);
  assert.equal(parseExtractFiles(true), true);
  for (const v of [null, false, '', []]) assert.equal(parseExtractFiles(v), false);
});

test('time formatting: strftime directives, timedelta units, unknown placeholders', () => {
  const d = new Date(2024, 0, 5, 7, 8, 9);
  assert.equal(strftime(d, '%Y-%m-%d %H:%M:%S %y %j %a %b %%'), '2024-01-05 07:08:09 24 005 Fri Jan %');
  assert.equal(formatWithTime('f-{time[%Y%m%d]}.csv', { days: -5, hours: 1 }, d), 'f-20231231.csv');
  assert.equal(timedeltaMs({ weeks: 1, minutes: 1 }), 7 * 86_400_000 + 60_000);
  assert.throws(() => formatWithTime('{time[%Y]}', { day: 1 }), /'day' is an invalid keyword argument for timedelta/);
  assert.throws(() => formatWithTime('{date[%Y]}', true), /Unknown placeholder 'date'/);
});

test('Inbox: items stay pending until committed; close rejects pending and later puts', async () => {
  const inbox = new Inbox<string>();
  const a = inbox.put('a');
  const b = inbox.put('b');
  const first = inbox.peek();
  const c = inbox.put('c');
  inbox.commit(first);
  await Promise.all([a, b]);
  assert.deepEqual(inbox.peek().map((e) => e.item), ['c']);
  inbox.close(new Error('stopping'));
  await assert.rejects(c, /stopping/);
  await assert.rejects(inbox.put('d'), /stopping/);
  assert.equal(inbox.size, 0);
});
