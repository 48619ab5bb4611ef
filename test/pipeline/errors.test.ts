import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { PipelineError, wrapBrokerError } from '../../src/pipeline/errors.ts';

test('a full disk under the embedded broker is fatal (the bot stops instead of retrying forever)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'intelmq-full-'));
  const db = new Database(join(dir, 'full.sqlite3'));
  try {
    db.exec('CREATE TABLE t (b BLOB)');
    db.pragma('max_page_count = 3');
    let caught: unknown;
    try {
      db.prepare('INSERT INTO t VALUES (?)').run(Buffer.alloc(64 * 1024));
    } catch (error) {
      caught = error;
    }
    assert.equal((caught as { code?: string }).code, 'SQLITE_FULL');
    const wrapped = wrapBrokerError('embedded broker /x, sending to \'q\'', caught);
    assert.ok(wrapped instanceof PipelineError);
    assert.equal(wrapped.fatal, 'no-space');
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
