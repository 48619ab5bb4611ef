import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { SAMPLE, createBatchOutput, event, runOutput } from '../_shared/testing.ts';
import { bot } from './bot.ts';

test('one file per event, moved from tmp into dir under a unique maildir-style name', async () => {
  const state = mkdtempSync(join(tmpdir(), 'intelmq-files-'));
  const out = await createBatchOutput(bot, {}, state);
  try {
    const results = await out.batch([1, 2, 3].map((i) => event({ ...SAMPLE, 'source.port': i })));
    assert.ok(results!.every((r) => r.error === undefined));
    const dir = join(state, 'files-output', 'incoming');
    const names = readdirSync(dir).sort();
    assert.equal(names.length, 3);
    assert.deepEqual(readdirSync(join(state, 'files-output', 'tmp')), []);
    const host = hostname().replace(/[.]/g, '\\.');
    for (const n of names) assert.match(n, new RegExp(`^${host}\\.${process.pid}\\.\\d+\\.\\d{6}\\.\\d+\\.\\d+\\.json$`));
    const ports = names.map((n) => JSON.parse(readFileSync(join(dir, n), 'utf8'))['source.port']).sort();
    assert.deepEqual(ports, [1, 2, 3]);
    assert.ok(!('raw' in JSON.parse(readFileSync(join(dir, names[0]!), 'utf8'))));
  } finally {
    await out.close();
  }
});

test('single_key raw writes the decoded raw value; custom dir, tmp and suffix', async () => {
  const base = mkdtempSync(join(tmpdir(), 'intelmq-files-'));
  const r = await runOutput(bot, { dir: join(base, 'out'), tmp: join(base, 'work'), suffix: '.txt', single_key: 'raw' }, [event(SAMPLE)]);
  assert.equal(r.dumps.length, 0);
  const [name] = readdirSync(join(base, 'out'));
  assert.ok(name!.endsWith('.txt'));
  assert.equal(readFileSync(join(base, 'out', name!), 'utf8'), 'line');
});

test('a directory that cannot be created is a start-up error naming it', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'intelmq-files-')), 'plain-file');
  writeFileSync(file, '');
  await assert.rejects(createBatchOutput(bot, { dir: join(file, 'incoming') }), /ENOTDIR.*plain-file\/incoming/);
});
