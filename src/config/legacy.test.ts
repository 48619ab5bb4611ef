import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { upgradeLegacyLayout } from './legacy.ts';
import { runtimeConfigFromObject } from './runtime.ts';
import { tempDir } from './test-helpers.ts';

function layout(files: Record<string, unknown>): string {
  const dir = join(tempDir(), 'etc');
  mkdirSync(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content, null, 4));
  return dir;
}

const bot = (group: string) => ({ bot_id: 'x', description: 'd', enabled: true, group, groupname: 'g', module: 'm', name: 'n', parameters: {}, run_mode: 'continuous' });

test('2.x defaults.conf, runtime.conf and pipeline.conf become one runtime.yaml structure', () => {
  const dir = layout({
    'defaults.conf': { logging_level: 'INFO', source_pipeline_broker: 'redis', destination_pipeline_broker: 'redis' },
    'runtime.conf': { 'a-collector': bot('Collector'), 'b-parser': bot('Parser'), 'c-expert': bot('Expert'), 'd-output': { ...bot('Output'), parameters: undefined } },
    'pipeline.conf': {
      'a-collector': { 'destination-queues': ['b-parser-queue'] },
      'b-parser': { 'source-queue': 'b-parser-queue', 'destination-queues': 'c-expert-queue' },
      'c-expert': { 'source-queue': 'special-queue', 'destination-queues': { _default: ['d-output-queue'], _on_error: ['err-queue'] } },
      'd-output': { 'source-queue': 'd-output-queue' },
      'gone-bot': { 'source-queue': 'x' },
    },
    BOTS: '{}',
  });
  const result = upgradeLegacyLayout(dir);
  assert.equal(result.changed, true);
  const rt = result.runtime as Record<string, { parameters: Record<string, unknown> }>;
  assert.deepEqual((result.runtime as Record<string, unknown>).global, { logging_level: 'INFO', source_pipeline_broker: 'redis', destination_pipeline_broker: 'redis' });
  assert.deepEqual(rt['a-collector']?.parameters, { destination_queues: { _default: ['b-parser-queue'] } });
  assert.deepEqual(rt['b-parser']?.parameters, { destination_queues: { _default: ['c-expert-queue'] } });
  assert.deepEqual(rt['c-expert']?.parameters, { destination_queues: { _default: ['d-output-queue'], _on_error: ['err-queue'] }, source_queue: 'special-queue' });
  assert.deepEqual(rt['d-output']?.parameters, {});
  assert.deepEqual(result.obsoleteFiles.map((f) => f.slice(dir.length + 1)).sort(), ['BOTS', 'defaults.conf', 'pipeline.conf', 'runtime.conf']);
  assert.ok(result.actions.some((a) => a.includes("'gone-bot'")));
  // The converted structure passes validation.
  const { diagnostics } = runtimeConfigFromObject(result.runtime, 'runtime.yaml');
  assert.deepEqual(diagnostics.filter((d) => d.level === 'error'), []);
});

test('a 3.x layout needs nothing', () => {
  const dir = layout({ 'runtime.yaml': 'a-bot:\n  name: A\n' });
  const result = upgradeLegacyLayout(dir);
  assert.equal(result.changed, false);
  assert.deepEqual(result.actions, []);
  assert.deepEqual(result.runtime, { 'a-bot': { name: 'A' } });
});

test('an existing global section wins over defaults.conf', () => {
  const dir = layout({ 'runtime.yaml': 'global:\n  logging_level: DEBUG\n', 'defaults.conf': { logging_level: 'INFO', rate_limit: 3 } });
  assert.deepEqual(upgradeLegacyLayout(dir).runtime.global, { logging_level: 'DEBUG', rate_limit: 3 });
});

test('no runtime configuration at all is an error naming the file', () => {
  assert.throws(() => upgradeLegacyLayout(layout({})), /File not found: '.*runtime\.yaml'/);
});
