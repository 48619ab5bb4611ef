import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConfigFileError, DiagnosticCode, formatDiagnostic } from './diagnostics.ts';
import { loadConfiguration, parseJsonText, readConfigurationFile } from './load-file.ts';
import { tempDir } from './test-helpers.ts';

const dir = tempDir();
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

test('missing file: upstream message', () => {
  const path = join(dir, 'nope.yaml');
  assert.throws(() => loadConfiguration(path), (err: unknown) => {
    assert.ok(err instanceof ConfigFileError);
    assert.equal(err.code, DiagnosticCode.FILE_NOT_FOUND);
    assert.match(err.message, /File not found: '.*nope\.yaml'\./);
    return true;
  });
});

test('YAML syntax error carries line and column', () => {
  const path = file('bad.yaml', 'a-bot:\n  group: Parser\n  parameters: [1, 2\n  module: x\n');
  const loaded = readConfigurationFile(path);
  const error = loaded.diagnostics.find((d) => d.level === 'error');
  assert.ok(error);
  assert.equal(error.code, DiagnosticCode.YAML_SYNTAX);
  assert.equal(error.file, path);
  assert.equal(typeof error.line, 'number');
  assert.equal(typeof error.column, 'number');
  assert.match(formatDiagnostic(error), new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: error: Invalid YAML`));
  assert.throws(() => loadConfiguration(path), (err: unknown) => err instanceof ConfigFileError && err.line === error.line);
});

test('duplicate keys are an error at the second key', () => {
  const loaded = readConfigurationFile(file('dup.yaml', 'a: 1\nb: 2\na: 3\n'));
  const error = loaded.diagnostics[0];
  assert.equal(error?.code, DiagnosticCode.YAML_SYNTAX);
  assert.equal(error?.line, 3);
  assert.equal(error?.column, 1);
});

test('JSON indented with TABs falls back to JSON like upstream', () => {
  const path = file('tabs.conf', '{\n\t"bot": {\n\t\t"group": "Expert"\n\t}\n}\n');
  assert.deepEqual(loadConfiguration(path), { bot: { group: 'Expert' } });
  const broken = file('tabs-broken.conf', 'a:\n\tb: 1\n');
  const loaded = readConfigurationFile(broken);
  assert.equal(loaded.format, 'json');
  assert.equal(loaded.diagnostics[0]?.code, DiagnosticCode.JSON_SYNTAX);
  assert.equal(loaded.diagnostics[0]?.line, 1);
});

test('empty file yields null; YAML 1.2 scalars', () => {
  assert.equal(loadConfiguration(file('empty.yaml', '')), null);
  assert.deepEqual(loadConfiguration(file('scalars.yaml', 'a: yes\nb: 0x10\nc: ~\nd: 1.5\n')), { a: 'yes', b: 16, c: null, d: 1.5 });
});

test('locate() finds keys for diagnostics', () => {
  const loaded = readConfigurationFile(file('loc.yaml', 'bot-a:\n  name: A\n  parameters:\n    rate_limit: 10\n'));
  assert.deepEqual(loaded.locate(['bot-a', 'parameters', 'rate_limit']), { line: 4, column: 5 });
  assert.equal(loaded.locate(['bot-a', 'missing']), undefined);
});

test('parseJsonText reports line and column of the problem', () => {
  const { diagnostics } = parseJsonText('{\n  "a": 1,\n  "b" 2\n}', 'h.conf');
  assert.equal(diagnostics[0]?.line, 3);
  assert.equal(diagnostics[0]?.column, 7);
  assert.match(diagnostics[0]?.message ?? '', /h\.conf.*line 3, column 7/);
});

test('JSON errors without a V8 position are located by scanning', () => {
  const cases: Array<[string, number, number]> = [
    ['x', 1, 1],
    ['{"a": x}', 1, 7],
    ['[1, 2,]', 1, 7],
    ['{\n  "a": [1, 2],\n  "b": tru\n}', 3, 8],
    ['{"a": 1} x', 1, 10],
  ];
  for (const [text, line, column] of cases) {
    const d = parseJsonText(text, 'f.json').diagnostics[0];
    assert.deepEqual([d?.line, d?.column], [line, column], text);
  }
});
