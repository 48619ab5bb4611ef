import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ConfigFileError, DiagnosticCode, type Diagnostic } from './diagnostics.ts';
import { loadRuntimeConfig, readRuntimeConfig, runtimeConfigFromObject } from './runtime.ts';
import { tempDir } from './test-helpers.ts';

const EXAMPLE = fileURLToPath(new URL('../../../shared/spec/runtime.example.yaml', import.meta.url));
const dir = tempDir();

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function codes(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => d.code);
}

const GOOD_BOT = {
  name: 'X',
  group: 'Expert',
  module: 'intelmq.bots.experts.taxonomy.expert',
  description: 'd',
  enabled: true,
  parameters: { destination_queues: { _default: ['out-queue'] } },
};

test('the upstream example runtime.yaml loads without findings', { skip: !existsSync(EXAMPLE) && 'shared spec not available' }, () => {
  const { config, diagnostics } = loadRuntimeConfig(EXAMPLE);
  assert.deepEqual(diagnostics, []);
  assert.ok(config);
  assert.equal(config.bots.size, 11);
  const collector = config.bots.get('feodo-tracker-collector');
  assert.equal(collector?.group, 'Collector');
  assert.equal(collector?.name, 'URL Fetcher');
  assert.equal(collector?.runMode, 'continuous');
  assert.equal(collector?.enabled, true);
  assert.equal(collector?.parameters.rate_limit, 86400);
  assert.deepEqual(config.global, {});
});

test('the result is frozen', () => {
  const { config } = runtimeConfigFromObject({ 'a-bot': GOOD_BOT }, 'mem.yaml');
  assert.ok(config);
  assert.ok(Object.isFrozen(config));
  assert.ok(Object.isFrozen(config.bots.get('a-bot')?.parameters));
  assert.throws(() => (config.bots as Map<string, unknown>).set('x', {}), TypeError);
  assert.throws(() => (config.bots as Map<string, unknown>).delete('a-bot'), TypeError);
});

test('YAML syntax errors come back with line and column and no config', () => {
  const path = write('broken.yaml', 'a-bot:\n  name: A\n   group: Expert\n');
  const { config, diagnostics } = loadRuntimeConfig(path);
  assert.equal(config, null);
  const error = diagnostics.find((d) => d.level === 'error');
  assert.equal(error?.code, DiagnosticCode.YAML_SYNTAX);
  // The parser notices the problem at the end of "name: A", which the over-indented line continues.
  assert.deepEqual([error?.line, error?.column], [2, 9]);
  assert.throws(() => readRuntimeConfig(path), (err: unknown) => err instanceof ConfigFileError && err.line === 2 && err.file === path);
});

test('unknown bot key is a warning naming bot, key and position', () => {
  const path = write('unknown-key.yaml', 'a-bot:\n  name: X\n  group: Output\n  module: m\n  description: d\n  enabled: true\n  paramters:\n    x: 1\n');
  const { config, diagnostics } = loadRuntimeConfig(path);
  const warning = diagnostics.find((d) => d.code === DiagnosticCode.BOT_KEY_UNKNOWN);
  assert.equal(warning?.level, 'warning');
  assert.equal(warning?.botId, 'a-bot');
  assert.equal(warning?.key, 'paramters');
  assert.equal(warning?.line, 7);
  assert.match(warning?.message ?? '', /'paramters'/);
  assert.ok(config?.bots.has('a-bot'));
});

test('ignored keys bot_id and groupname raise nothing', () => {
  const { diagnostics } = runtimeConfigFromObject({ 'a-bot': { ...GOOD_BOT, bot_id: 'a-bot', groupname: 'experts' } }, 'f');
  assert.deepEqual(diagnostics, []);
});

test('bad bot ids are refused and left out', () => {
  const bad = ['../x', 'a;b', '$(reboot)', 'a b', 'a/b', 'a_b', 'a.b', '-rf', 'x..y'];
  const content: Record<string, unknown> = { 'ok-bot': GOOD_BOT };
  for (const id of bad) content[id] = GOOD_BOT;
  const { config, diagnostics } = runtimeConfigFromObject(content, 'f');
  assert.deepEqual([...(config?.bots.keys() ?? [])], ['ok-bot']);
  const refused = diagnostics.filter((d) => d.code === DiagnosticCode.BOT_ID_INVALID);
  assert.deepEqual(refused.map((d) => d.botId).sort(), [...bad].sort());
  assert.ok(refused.every((d) => d.level === 'error'));
});

test('run_mode, group, enabled and parameters are checked', () => {
  const { config, diagnostics } = runtimeConfigFromObject(
    {
      'a-bot': { ...GOOD_BOT, run_mode: 'sometimes' },
      'b-bot': { ...GOOD_BOT, group: 'Experts' },
      'c-bot': { ...GOOD_BOT, enabled: 'yes' },
      'd-bot': { ...GOOD_BOT, parameters: ['x'] },
      'e-bot': { ...GOOD_BOT, parameters: { ...GOOD_BOT.parameters, run_mode: 'scheduled' } },
    },
    'f',
  );
  const find = (botId: string, code: string) => diagnostics.find((d) => d.botId === botId && d.code === code);
  assert.equal(find('a-bot', DiagnosticCode.RUN_MODE_INVALID)?.message, "Bot 'a-bot' has invalid `run_mode` 'sometimes'. Must be 'continuous' or 'scheduled'.");
  assert.ok(find('b-bot', DiagnosticCode.GROUP_INVALID));
  assert.ok(find('c-bot', DiagnosticCode.BOT_KEY_TYPE));
  assert.ok(find('d-bot', DiagnosticCode.BOT_KEY_TYPE));
  assert.equal(config?.bots.get('a-bot')?.runMode, 'continuous');
  assert.equal(config?.bots.get('b-bot')?.group, null);
  // Seed proposal P3: run_mode may also sit in parameters.
  assert.equal(config?.bots.get('e-bot')?.runMode, 'scheduled');
});

test('missing fields are reported as upstream check does', () => {
  const { diagnostics } = runtimeConfigFromObject({ 'a-bot': { group: 'Output' } }, 'f');
  assert.deepEqual(
    diagnostics.filter((d) => d.code === DiagnosticCode.BOT_KEY_MISSING).map((d) => d.message),
    ["Bot 'a-bot' has no 'description'.", "Bot 'a-bot' has no 'module'.", "Bot 'a-bot' has no 'name'.", "Bot 'a-bot' has no 'enabled'."],
  );
});

test('destination queues: shape and the _default requirement', () => {
  const bot = (group: string, destination_queues: unknown) => ({ ...GOOD_BOT, group, parameters: { destination_queues } });
  const { diagnostics } = runtimeConfigFromObject(
    {
      'str-ok': bot('Parser', 'a-queue b-queue'),
      'list-ok': bot('Collector', ['a-queue']),
      'output-ok': bot('Output', undefined),
      'no-default': bot('Expert', { _on_error: ['err'] }),
      'empty-list': bot('Parser', []),
      'missing': { ...GOOD_BOT, parameters: {} },
      'bad-shape': bot('Expert', { _default: 5 }),
      'bad-list': bot('Expert', ['a', 1]),
    },
    'f',
  );
  const byBot = (id: string) => codes(diagnostics.filter((d) => d.botId === id));
  assert.deepEqual(byBot('str-ok'), []);
  assert.deepEqual(byBot('list-ok'), []);
  assert.deepEqual(byBot('output-ok'), []);
  assert.deepEqual(byBot('no-default'), [DiagnosticCode.DESTINATION_DEFAULT_MISSING]);
  assert.deepEqual(byBot('empty-list'), [DiagnosticCode.DESTINATION_DEFAULT_MISSING]);
  assert.deepEqual(byBot('missing'), [DiagnosticCode.DESTINATION_DEFAULT_MISSING]);
  assert.deepEqual(byBot('bad-shape'), [DiagnosticCode.DESTINATION_QUEUES_INVALID]);
  assert.deepEqual(byBot('bad-list'), [DiagnosticCode.DESTINATION_QUEUES_INVALID]);
  assert.equal(diagnostics.find((d) => d.botId === 'missing')?.message, "Misconfiguration: No (default) destination queue for 'missing'.");
});

test('global section: unknown keys warn, wrong types are errors naming the key', () => {
  const path = write('global.yaml', 'global:\n  logging_level: LOUD\n  my_custom_key: 1\n  rate_limit: "10"\n  source_pipeline_broker: Redis\na-bot:\n  name: X\n');
  const { diagnostics } = loadRuntimeConfig(path);
  const unknown = diagnostics.find((d) => d.code === DiagnosticCode.GLOBAL_KEY_UNKNOWN);
  assert.equal(unknown?.key, 'my_custom_key');
  assert.equal(unknown?.level, 'warning');
  assert.equal(unknown?.line, 3);
  const level = diagnostics.find((d) => d.key === 'logging_level');
  assert.equal(level?.level, 'error');
  assert.equal(level?.line, 2);
  assert.match(level?.message ?? '', /logging_level/);
  // A number written as a string is only a warning: most bots coerce it.
  assert.equal(diagnostics.find((d) => d.key === 'rate_limit')?.level, 'warning');
  assert.equal(diagnostics.find((d) => d.key === 'source_pipeline_broker'), undefined);
});

test('schedule_time is validated', () => {
  const { diagnostics } = runtimeConfigFromObject(
    {
      'a-bot': { ...GOOD_BOT, run_mode: 'scheduled', parameters: { ...GOOD_BOT.parameters, schedule_time: '0 0 * * * *' } },
      'b-bot': { ...GOOD_BOT, parameters: { ...GOOD_BOT.parameters, schedule_time: '@daily' } },
      'c-bot': { ...GOOD_BOT, run_mode: 'scheduled', parameters: { ...GOOD_BOT.parameters, schedule_time: '@daily' } },
    },
    'f',
  );
  assert.deepEqual(codes(diagnostics.filter((d) => d.botId === 'a-bot')), [DiagnosticCode.SCHEDULE_TIME_INVALID]);
  assert.deepEqual(codes(diagnostics.filter((d) => d.botId === 'b-bot')), [DiagnosticCode.SCHEDULE_TIME_UNUSED]);
  assert.deepEqual(codes(diagnostics.filter((d) => d.botId === 'c-bot')), []);
});

test('a 2.x runtime.conf is renamed to runtime.yaml', () => {
  const sub = join(dir, 'legacy-etc');
  mkdirSync(sub);
  writeFileSync(join(sub, 'runtime.conf'), JSON.stringify({ 'a-bot': GOOD_BOT }, null, 4));
  const { config, diagnostics } = loadRuntimeConfig(join(sub, 'runtime.yaml'));
  assert.ok(existsSync(join(sub, 'runtime.yaml')));
  assert.ok(!existsSync(join(sub, 'runtime.conf')));
  assert.deepEqual(codes(diagnostics), [DiagnosticCode.RENAMED_RUNTIME_CONF]);
  assert.ok(config?.bots.has('a-bot'));
});

test('empty file: no bots, one warning; a list: error', () => {
  const empty = loadRuntimeConfig(write('empty.yaml', ''));
  assert.equal(empty.config?.bots.size, 0);
  assert.deepEqual(codes(empty.diagnostics), [DiagnosticCode.EMPTY_FILE]);
  const list = loadRuntimeConfig(write('list.yaml', '- a\n- b\n'));
  assert.equal(list.config, null);
  assert.deepEqual(codes(list.diagnostics), [DiagnosticCode.NOT_A_MAPPING]);
});

test('findings about missing keys point at the enclosing section', () => {
  const path = write('no-dest.yaml', 'a-parser:\n  name: P\n  group: Parser\n  module: m\n  description: d\n  enabled: true\n  parameters:\n    rate_limit: 0\n');
  const missing = loadRuntimeConfig(path).diagnostics.find((d) => d.code === DiagnosticCode.DESTINATION_DEFAULT_MISSING);
  assert.deepEqual([missing?.botId, missing?.key, missing?.line], ['a-parser', 'destination_queues', 7]);
});
