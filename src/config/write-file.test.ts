import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync, chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadConfiguration } from './load-file.ts';
import { pyJsonString } from '../message/pyjson.ts';
import { pyJsonDumps } from './py-json.ts';
import { tempDir } from './test-helpers.ts';
import { atomicWriteFile, writeConfiguration } from './write-file.ts';

const dir = tempDir();

test('pyJsonDumps matches Python json.dumps(indent=4, sort_keys=True)', () => {
  const value = { b: [1, 2.5, { z: null, a: true }], a: {}, c: [], 'ü': 'ä\u007f"\\\n\u0001😀' };
  assert.equal(
    pyJsonDumps(value),
    '{\n    "a": {},\n    "b": [\n        1,\n        2.5,\n        {\n            "a": true,\n            "z": null\n        }\n    ],\n    "c": [],\n    "\\u00fc": "\\u00e4\\u007f\\"\\\\\\n\\u0001\\ud83d\\ude00"\n}',
  );
  assert.equal(pyJsonString('plain'), '"plain"');
});

test('writeConfiguration: YAML, skip when unchanged, .bak backup, JSON style', () => {
  const path = join(dir, 'runtime.yaml');
  const first = { 'b-bot': { parameters: { destination_queues: { _default: ['q1', 'q2'] } } }, 'a-bot': { name: 'A' } };
  assert.equal(writeConfiguration(path, first, { isNew: true }), true);
  const text = readFileSync(path, 'utf8');
  assert.match(text, /_default:\n\s+- q1\n/);
  assert.deepEqual(loadConfiguration(path), first);
  assert.equal(existsSync(`${path}.bak`), false);

  assert.equal(writeConfiguration(path, structuredClone(first)), false, 'equal content is not rewritten');
  assert.equal(existsSync(`${path}.bak`), false);

  const second = { ...first, 'c-bot': { name: 'C' } };
  assert.equal(writeConfiguration(path, second), true);
  assert.equal(readFileSync(`${path}.bak`, 'utf8'), text);
  assert.deepEqual(loadConfiguration(path), second);

  const jsonPath = join(dir, 'state.json');
  writeConfiguration(jsonPath, { b: 1, a: [1] }, { useYaml: false, isNew: true });
  assert.equal(readFileSync(jsonPath, 'utf8'), '{\n    "a": [\n        1\n    ],\n    "b": 1\n}\n');
});

test('atomicWriteFile keeps the mode and leaves no temp files', () => {
  const path = join(dir, 'mode.conf');
  writeFileSync(path, 'old');
  chmodSync(path, 0o640);
  atomicWriteFile(path, 'new');
  assert.equal(readFileSync(path, 'utf8'), 'new');
  assert.equal(statSync(path).mode & 0o777, 0o640);
  assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), []);
});
