/**
 * The README's main command, as an operator runs it on a fresh root: the demo
 * botnet comes up on the embedded broker, the output file fills with the
 * sample feed's events (duplicates dropped), the two broken lines are dumped
 * and the operator is told where.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDump } from '../../src/log/dump-file.ts';

const REPO = new URL('../../', import.meta.url).pathname;

test('npm run demo fills the output file and reports the broken lines', { timeout: 300_000 }, () => {
  const root = mkdtempSync(join(tmpdir(), 'intelmq-demo-'));
  const env = { ...process.env, INTELMQ_ROOT_DIR: root };
  try {
    const r = spawnSync('npm', ['run', '--silent', 'demo', '--', '--stop', '--timeout', '240'], { cwd: REPO, env, encoding: 'utf8', timeout: 280_000 });
    assert.equal(r.status, 0, `demo failed:\n${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, new RegExp(`IntelMQ root: ${root}`));
    assert.match(r.stdout, /3000 events written to /);
    assert.match(r.stdout, /2 message\(s\) could not be processed by demo-csv-parser/);
    assert.match(r.stdout, /intelmqdump demo-csv-parser/);
    const lines = readFileSync(join(root, 'var/lib/bots/file-output/demo-events.txt'), 'utf8').trim().split('\n');
    assert.equal(lines.length, 3000);
    for (const line of lines.slice(0, 50)) {
      const e = JSON.parse(line) as Record<string, unknown>;
      assert.ok(e['classification.taxonomy'], 'taxonomy expert ran');
      assert.ok(e['source.ip'] && e['time.source'] && e['feed.name'] === 'Demo feed');
    }
    const dump = readDump(join(root, 'var/log/demo-csv-parser.dump'));
    const raws = Object.values(dump).map((d) => Buffer.from((JSON.parse(d.message) as { raw: string }).raw, 'base64').toString());
    assert.ok(raws.some((raw) => raw.includes('999.0.2.1')), 'the invalid address line is in the dump');
    assert.ok(raws.some((raw) => raw.includes('not a timestamp')), 'the unparsable time line is in the dump');
  } finally {
    spawnSync(process.execPath, [join(REPO, 'bin/intelmqctl.js'), 'stop'], { env });
    rmSync(root, { recursive: true, force: true });
  }
});
