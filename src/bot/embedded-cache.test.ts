import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedCache } from './embedded-cache.ts';

test('entries expire, and namespaces (redis_cache_db) keep bots apart', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cache-'));
  try {
    const a = await EmbeddedCache.open(join(dir, 'c.sqlite3'), 1, 6);
    const b = await EmbeddedCache.open(join(dir, 'c.sqlite3'), 1, 11);
    await a.set('k', 'v');
    assert.equal(await a.get('k'), 'v');
    assert.equal(await b.exists('k'), false);
    await a.set('short', 'x', 0.05);
    await new Promise((r) => setTimeout(r, 80));
    assert.equal(await a.get('short'), null);
    await a.delete('k');
    assert.equal(await a.get('k'), null);
    await a.close();
    await b.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
