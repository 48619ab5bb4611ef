import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConfigFileError } from './diagnostics.ts';
import { PACKAGED_HARMONIZATION_FILE, loadHarmonizationFile } from './harmonization-file.ts';
import { resolvePaths } from './paths.ts';
import { tempDir } from './test-helpers.ts';

test('falls back to the packaged copy when CONFIG_DIR has none', () => {
  const paths = resolvePaths({ INTELMQ_ROOT_DIR: tempDir() });
  const h = loadHarmonizationFile(paths);
  assert.equal(h.packaged, true);
  assert.equal(h.path, PACKAGED_HARMONIZATION_FILE);
  assert.ok(h.path.endsWith('src/data/harmonization.conf'));
  assert.ok('event' in h.content && 'report' in h.content);
});

test('prefers CONFIG_DIR/harmonization.conf; syntax errors name file and position', () => {
  const root = tempDir();
  const paths = resolvePaths({ INTELMQ_ROOT_DIR: root });
  mkdirSync(paths.configDir, { recursive: true });
  writeFileSync(paths.harmonizationFile, '{"event": {}, "report": {}}');
  const h = loadHarmonizationFile(paths);
  assert.equal(h.packaged, false);
  assert.equal(h.path, paths.harmonizationFile);

  writeFileSync(paths.harmonizationFile, '{\n  "event": {\n    "x": {"type": "String",}\n  }\n}\n');
  assert.throws(() => loadHarmonizationFile(paths), (err: unknown) => {
    assert.ok(err instanceof ConfigFileError);
    assert.equal(err.file, join(root, 'etc/harmonization.conf'));
    assert.deepEqual([err.line, err.column], [3, 28]);
    assert.match(err.message, /harmonization\.conf.*line 3, column 28/);
    return true;
  });
});
