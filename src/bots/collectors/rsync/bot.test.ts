import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCollector } from '../_shared/testing-server.ts';
import { strftime } from '../_shared/time-format.ts';
import { shlexSplit } from './shlex.ts';
import { bot } from './bot.ts';

const text = (b64: unknown) => Buffer.from(String(b64), 'base64').toString('utf8');

function setup() {
  const root = mkdtempSync(join(tmpdir(), 'intelmq-rsync-'));
  const source = join(root, 'source');
  mkdirSync(source);
  return { root, source, state: join(root, 'state') };
}

test('copies the file with rsync and sends its content; temp_directory defaults under var/lib/bots', async () => {
  const { source, state } = setup();
  writeFileSync(join(source, 'feed.csv'), 'a,b\n1,2\n');
  const c = await createCollector(bot, { rsync_path: source, file: 'feed.csv', extra_params: '--checksum --times' }, state);
  try {
    const { reports } = await c.collect();
    assert.equal(reports.length, 1);
    assert.equal(text(reports[0]!['raw']), 'a,b\n1,2\n');
    assert.ok(existsSync(join(state, 'rsync_collector', 'feed.csv')));
  } finally {
    await c.close();
  }
});

test('rsync_file_path_formatting fills {time[...]} in file and rsync_path', async () => {
  const { source, state } = setup();
  const yesterday = new Date(Date.now() - 86_400_000);
  mkdirSync(join(source, strftime(yesterday, '%Y')));
  writeFileSync(join(source, strftime(yesterday, '%Y'), `${strftime(yesterday, '%Y%m%d')}.txt`), 'dated');
  const c = await createCollector(bot, { rsync_path: `${source}/{time[%Y]}`, file: '{time[%Y%m%d]}.txt', rsync_file_path_formatting: { days: -1 } }, state);
  try {
    assert.equal(text((await c.collect()).reports[0]!['raw']), 'dated');
  } finally {
    await c.close();
  }
});

test('a missing file is an error with rsync\'s exit code and stderr', async () => {
  const { source, state } = setup();
  const c = await createCollector(bot, { rsync_path: source, file: 'missing.csv' }, state);
  try {
    await assert.rejects(c.collect(), /^Error: Rsync on file 'missing\.csv' failed with exitcode 23 and stderr ".*No such file or directory/);
  } finally {
    await c.close();
  }
});

test('private_key is rewrapped into a file only the bot can read; both key parameters are refused', async () => {
  const { source, state } = setup();
  writeFileSync(join(source, 'f'), 'x');
  const body = 'A'.repeat(100);
  const c = await createCollector(bot, { rsync_path: source, file: 'f', private_key: `-----BEGIN OPENSSH PRIVATE KEY-----\n${body}\n-----END OPENSSH PRIVATE KEY-----` }, state);
  try {
    const keyFile = join(state, 'privkey_dir_test-collector', 'private_key');
    assert.equal(statSync(keyFile).mode & 0o777, 0o600);
    assert.equal(readFileSync(keyFile, 'utf8'), `-----BEGIN OPENSSH PRIVATE KEY-----\n${'A'.repeat(70)}\n${'A'.repeat(30)}\n-----END OPENSSH PRIVATE KEY-----\n`);
    assert.equal((await c.collect()).reports.length, 1);
  } finally {
    await c.close();
  }
  await assert.rejects(createCollector(bot, { rsync_path: source, file: 'f', private_key: 'k', private_key_path: '/k' }, state), /set only one of private_key and private_key_path/);
});

test('shlexSplit follows POSIX quoting', () => {
  assert.deepEqual(shlexSplit(`-a --exclude '*.tmp' -e "ssh -p 22" x\\ y`), ['-a', '--exclude', '*.tmp', '-e', 'ssh -p 22', 'x y']);
  assert.throws(() => shlexSplit('"open'), /No closing quotation/);
});
