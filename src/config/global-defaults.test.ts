import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Value } from '@sinclair/typebox/value';
import { GenericParameters, checkGenericParameter, genericDefaults, isGenericParameter } from './global-defaults.ts';
import { resolvePaths } from './paths.ts';

const UPSTREAM_GLOBALS: Record<string, unknown> = {
  accuracy: 100, destination_pipeline_db: 2, destination_pipeline_host: '127.0.0.1', destination_pipeline_password: null,
  destination_pipeline_port: 6379, error_dump_message: true, error_log_exception: true, error_log_message: false,
  error_max_retries: 3, error_procedure: 'pass', error_retry_delay: 15, http_proxy: null, http_timeout_max_tries: 3,
  http_timeout_sec: 30, http_user_agent: 'Mozilla/5.0 (Windows NT 6.1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/41.0.2228.0 Safari/537.36',
  http_verify_cert: true, https_proxy: null, instances_threads: 0, load_balance: false, log_processed_messages_count: 500,
  log_processed_messages_seconds: 900, logging_handler: 'file', logging_level: 'INFO', logging_max_copies: null, logging_max_size: 0,
  logging_syslog: '/dev/log', process_manager: 'intelmq', rate_limit: 0, source_pipeline_db: 2, source_pipeline_host: '127.0.0.1',
  source_pipeline_password: null, source_pipeline_port: 6379, ssl_ca_certificate: null, statistics_database: 3,
  statistics_host: '127.0.0.1', statistics_password: null, statistics_port: 6379,
};

test('every upstream global default is present with the upstream value', () => {
  const defaults = genericDefaults(resolvePaths({}));
  for (const [key, value] of Object.entries(UPSTREAM_GLOBALS)) assert.deepEqual(defaults[key], value, key);
  assert.equal(defaults.logging_path, '/opt/intelmq/var/log/');
});

test('our additions and the embedded broker default', () => {
  const defaults = genericDefaults(resolvePaths({ INTELMQ_PATHS_NO_OPT: '1' }));
  assert.equal(defaults.source_pipeline_broker, 'embedded');
  assert.equal(defaults.destination_pipeline_broker, 'embedded');
  assert.equal(defaults.embedded_pipeline_path, '/var/lib/intelmq/pipeline.sqlite3');
  assert.equal(defaults.logging_path, '/var/log/intelmq/');
  assert.equal(defaults.batch_size, 500);
  assert.equal(defaults.queue_high_water_mark, 100000);
  assert.equal(defaults.schedule_time, null);
  assert.equal(defaults.onboot, false);
  assert.ok(Object.isFrozen(defaults));
});

test('every parameter has a description and its default validates against its own schema', () => {
  for (const [key, schema] of Object.entries(GenericParameters.properties)) {
    assert.ok(typeof schema.description === 'string' && schema.description.length > 10, `${key} needs a description`);
    assert.ok(Value.Check(schema, schema.default), `${key} default ${JSON.stringify(schema.default)} is invalid`);
  }
});

test('checkGenericParameter names the key and the expected type', () => {
  assert.equal(checkGenericParameter('source_pipeline_broker', 'AMQP'), undefined);
  assert.match(checkGenericParameter('source_pipeline_broker', 'kafka') ?? '', /'source_pipeline_broker' must be one of embedded, redis/);
  assert.match(checkGenericParameter('error_max_retries', 1.5) ?? '', /'error_max_retries' must be an integer >= 0, got 1.5/);
  assert.match(checkGenericParameter('logging_syslog', ['host', 'x']) ?? '', /a list of 2/);
  assert.equal(checkGenericParameter('logging_syslog', ['localhost', 514]), undefined);
  assert.equal(checkGenericParameter('not_generic', 1), undefined);
  assert.equal(isGenericParameter('redis_cache_ttl'), true);
  assert.equal(isGenericParameter('http_url'), false);
});
