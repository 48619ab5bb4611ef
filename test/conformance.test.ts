/**
 * Upstream's own test vectors (shared/conformance/public) against our
 * harmonization and bots: every vector must pass; skipped ones are listed
 * with their reason (clock-dependent vectors only).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runConformance } from '../src/conformance/run.ts';
import { requireService, tcpProbe } from './helpers/services.ts';

const DIR = fileURLToPath(new URL('../../shared/conformance/public', import.meta.url));

test('conformance vectors from upstream IntelMQ pass', { timeout: 300_000 }, async (t) => {
  if (!existsSync(DIR)) {
    t.skip(`no vectors at ${DIR}`);
    return;
  }
  // The deduplicator vectors seed Redis db 4, as upstream's harness does.
  if (!(await requireService(t, 'redis at 127.0.0.1:6379', tcpProbe('127.0.0.1', 6379)))) return;
  const s = await runConformance(DIR);
  t.diagnostic(`${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped`);
  for (const k of s.skips) t.diagnostic(`skipped ${k.id}: ${k.reason}`);
  assert.deepEqual(s.failures.map((f) => `${f.id}\n${f.problems.join('\n')}`), []);
  assert.ok(s.skips.every((k) => k.reason.startsWith('clock-dependent')), 'only clock-dependent vectors may be skipped');
});
