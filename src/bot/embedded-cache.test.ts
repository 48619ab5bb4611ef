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

test('getMany answers in key order across query chunks, with expired, missing, other-namespace and repeated keys', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cache-'));
  try {
    const a = await EmbeddedCache.open(join(dir, 'c.sqlite3'), 600, 6);
    const b = await EmbeddedCache.open(join(dir, 'c.sqlite3'), 600, 7);
    const keys = Array.from({ length: 700 }, (_, i) => `k${i}`);
    await a.setMany(keys.filter((_, i) => i % 3 === 0), 'seen');
    await b.set('k1', 'other namespace');
    await a.set('k3', 'expired', 0.01);
    await new Promise((r) => setTimeout(r, 30));
    const asked = [...keys, 'k0', 'missing'];
    const expected = asked.map((k) => (k === 'k3' || k === 'missing' ? null : Number(k.slice(1)) % 3 === 0 ? 'seen' : null));
    assert.deepEqual(await a.getMany(asked), expected);
    assert.deepEqual(await a.getMany(['k6']), ['seen']);
    assert.deepEqual(await a.getMany([]), []);
    await a.close();
    await b.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
