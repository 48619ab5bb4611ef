import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleBotProcess } from './bundle.mjs';
import { dataFile } from '../src/data/files.ts';
import { BUNDLED_TEST_SCHEMA } from '../src/bots/parsers/shadowserver/schema.ts';

test('the data files the bots read are where src/data/files.ts says', () => {
  assert.ok(existsSync(dataFile('harmonization.conf')));
  assert.ok(existsSync(BUNDLED_TEST_SCHEMA));
});

test('the bot bundle finds files only through src/data/files.ts, which stays right after bundling', async () => {
  const out = mkdtempSync(join(tmpdir(), 'bundle-'));
  try {
    await bundleBotProcess(out);
    const files = readdirSync(out);
    assert.ok(files.includes('bot-main.js'));
    // A module-relative path in bundled code would point into dist/bundle/ instead of beside its source.
    const relative = new Set<string>();
    for (const f of files) {
      for (const m of readFileSync(join(out, f), 'utf8').matchAll(/new URL\(([^)]*), import\.meta\.url\)/g)) relative.add(m[1]!);
    }
    assert.deepEqual([...relative], ['`../data/${name}`']);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
