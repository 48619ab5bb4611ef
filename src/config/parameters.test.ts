import assert from 'node:assert/strict';
import { test } from 'node:test';
import { coerceEnvironmentValue, effectiveParameters, environmentParameters, resolveBotParameters } from './parameters.ts';
import { resolvePaths } from './paths.ts';
import { runtimeConfigFromObject } from './runtime.ts';

const paths = resolvePaths({ INTELMQ_ROOT_DIR: '/srv/imq' });
const { config } = runtimeConfigFromObject(
  {
    global: { logging_level: 'DEBUG', rate_limit: 5, source_pipeline_broker: 'redis', destination_pipeline_broker: 'redis' },
    'a-collector': {
      name: 'Display Name',
      group: 'Collector',
      module: 'intelmq.bots.collectors.http.collector_http',
      description: '',
      enabled: false,
      run_mode: 'scheduled',
      bot_id: 'a-collector',
      extra_top: 1,
      parameters: { rate_limit: 60, http_url: 'https://example.com/', destination_queues: { _default: ['q'] }, run_mode: 'continuous' },
    },
  },
  'mem.yaml',
);

test('order: defaults < global < truthy system keys < parameters < environment', () => {
  const env = { INTELMQ_RATE_LIMIT: '7', INTELMQ_HTTP_VERIFY_CERT: 'False', INTELMQ_NAME: 'from-env', INTELMQ_ROOT_DIR: '/srv/imq', PATH: '/bin' };
  const values = effectiveParameters(config, 'a-collector', env, paths);
  assert.equal(values.error_max_retries, 3); // built-in default
  assert.equal(values.logging_level, 'DEBUG'); // global
  assert.equal(values.group, 'Collector'); // system key
  assert.equal(values.description, null); // '' is falsy: the system key is not applied
  assert.equal(values.enabled, true); // false is falsy: default stays
  assert.equal(values.http_url, 'https://example.com/'); // parameters
  assert.equal(values.rate_limit, 7); // environment, coerced to a number
  assert.equal(values.http_verify_cert, false);
  assert.equal(values.name, 'from-env');
  assert.equal(values.root_dir, '/srv/imq');
  assert.equal(values.path, undefined);
  assert.equal(values.source_queue, 'a-collector-queue');
  assert.equal(values.logging_path, '/srv/imq/var/log/');
  assert.equal(values.embedded_pipeline_path, '/srv/imq/var/lib/pipeline.sqlite3');
  assert.equal(values.source_pipeline_broker, 'redis'); // upstream file with redis keeps redis
  // P3: the top-level run_mode wins over parameters.run_mode.
  assert.equal(values.run_mode, 'scheduled');
  assert.ok(Object.isFrozen(values));
});

test('sources and upstream warnings', () => {
  const resolved = resolveBotParameters(config, 'a-collector', {}, paths);
  assert.equal(resolved.sources.get('error_max_retries'), 'Builtin');
  assert.equal(resolved.sources.get('logging_level'), 'Defaults');
  assert.equal(resolved.sources.get('name'), 'System');
  assert.equal(resolved.sources.get('rate_limit'), 'Runtime');
  assert.deepEqual(resolved.warnings, ["Ignoring disallowed system parameter 'extra_top'."]);
});

test('the embedded broker is the default when nothing sets one', () => {
  const values = effectiveParameters(null, 'x-bot', {}, paths);
  assert.equal(values.source_pipeline_broker, 'embedded');
  assert.equal(values.destination_pipeline_broker, 'embedded');
});

test('instance ids use the bot configuration and queue of the bot', () => {
  const values = effectiveParameters(config, 'a-collector.2', {}, paths);
  assert.equal(values.http_url, 'https://example.com/');
  assert.equal(values.source_queue, 'a-collector-queue');
});

test('unknown bot: defaults plus upstream warning', () => {
  const resolved = resolveBotParameters(config, 'other-bot', {}, paths);
  assert.deepEqual(resolved.warnings, ["Bot ID 'other-bot' not found in runtime configuration - could not load any parameters."]);
  assert.equal(resolved.values.logging_level, 'DEBUG');
});

test('environment coercion rules', () => {
  assert.equal(coerceEnvironmentValue('True'), true);
  assert.equal(coerceEnvironmentValue('False'), false);
  assert.equal(coerceEnvironmentValue('true'), 'true');
  assert.equal(coerceEnvironmentValue('0042'), 42);
  assert.equal(coerceEnvironmentValue('-1'), '-1');
  assert.equal(coerceEnvironmentValue('1.5'), '1.5');
  assert.equal(coerceEnvironmentValue(''), '');
  assert.deepEqual(environmentParameters({ INTELMQ_: 'x', INTELMQ_A_B: '1', OTHER: '2', intelmq_low: '3' }), { a_b: 1 });
});
