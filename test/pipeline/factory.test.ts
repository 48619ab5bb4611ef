import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidArgument } from '../../src/message/errors.ts';
import { AmqpAdmin } from '../../src/pipeline/amqp-admin.ts';
import { AmqpBroker } from '../../src/pipeline/amqp.ts';
import { normaliseDestinations, Router } from '../../src/pipeline/destinations.ts';
import { EmbeddedAdmin, EmbeddedBroker } from '../../src/pipeline/embedded.ts';
import { PipelineError } from '../../src/pipeline/errors.ts';
import { amqpOptions, brokerKind, createAdmin, createBroker, redisOptions } from '../../src/pipeline/factory.ts';
import { RedisAdmin } from '../../src/pipeline/redis-admin.ts';
import { RedisBroker } from '../../src/pipeline/redis.ts';

const base = { queues: 'bot-queue', defaultEmbeddedPath: '/var/lib/intelmq/broker.sqlite3', logger: () => {} };

describe('destination_queues normalisation', () => {
  it('turns a string into a whitespace-split _default list', () => {
    assert.deepEqual(normaliseDestinations(' a  b\tc '), { _default: ['a', 'b', 'c'] });
  });

  it('turns a list into _default and object values into lists', () => {
    assert.deepEqual(normaliseDestinations(['a', 'b']), { _default: ['a', 'b'] });
    assert.deepEqual(normaliseDestinations({ _default: 'x y', _on_error: ['e'] }), { _default: ['x', 'y'], _on_error: ['e'] });
    assert.deepEqual(normaliseDestinations(null), {});
  });

  it('rejects anything else', () => {
    assert.throws(() => normaliseDestinations(42), InvalidArgument);
    assert.throws(() => normaliseDestinations({ _default: 7 }), InvalidArgument);
    assert.throws(() => normaliseDestinations([1]), InvalidArgument);
  });
});

describe('routing', () => {
  it('sends to every queue of a path, or round-robin with one counter shared by all paths', () => {
    const destinations = { _default: ['a', 'b'], other: ['c', 'd'] };
    assert.deepEqual(new Router(destinations, false).route('_default', false), ['a', 'b']);
    const balanced = new Router(destinations, true);
    assert.deepEqual(['_default', 'other', '_default', 'other'].map((path) => balanced.route(path, false)), [['a'], ['d'], ['a'], ['d']]);
  });

  it('fails on unknown paths unless permissive', () => {
    const router = new Router({ _default: ['a'] }, false);
    assert.throws(() => router.route('_on_error', false), PipelineError);
    assert.deepEqual(router.route('_on_error', true), []);
  });
});

describe('broker factory', () => {
  it('picks the broker per direction, case-insensitively, embedded by default', () => {
    assert.equal(brokerKind({}, 'source'), 'embedded');
    assert.equal(brokerKind({ source_pipeline_broker: 'Redis', destination_pipeline_broker: 'AMQP' }, 'destination'), 'amqp');
    assert.ok(createBroker({ source_pipeline_broker: 'REDIS' }, 'source', base) instanceof RedisBroker);
    assert.ok(createBroker({ destination_pipeline_broker: 'amqp' }, 'destination', { ...base, queues: 'x' }) instanceof AmqpBroker);
    assert.ok(createBroker({}, 'source', base) instanceof EmbeddedBroker);
    assert.throws(() => createBroker({ source_pipeline_broker: 'pythonlist' }, 'source', base), InvalidArgument);
  });

  it("reads upstream's per-direction Redis parameters", () => {
    assert.deepEqual(redisOptions({}, 'source'), { host: '127.0.0.1', port: 6379, db: 2, password: null, socketTimeout: null });
    const params = { destination_pipeline_host: '/run/redis.sock', destination_pipeline_db: '5', destination_pipeline_password: 'secret', destination_pipeline_socket_timeout: 2.5 };
    assert.deepEqual(redisOptions(params, 'destination'), { host: '/run/redis.sock', port: 6379, db: 5, password: 'secret', socketTimeout: 2.5 });
    const broker = createBroker({ source_pipeline_broker: 'redis', source_pipeline_host: 'unix:///run/r.sock', source_pipeline_db: 3 }, 'source', base);
    assert.ok(broker instanceof RedisBroker);
    assert.equal(broker.address, '/run/r.sock db 3');
  });

  it('reads the AMQP parameters, with port 5672 unless one is configured', () => {
    const params = {
      source_pipeline_host: 'mq.example', source_pipeline_username: 'intelmq', source_pipeline_password: 'pw', source_pipeline_ssl: true,
      source_pipeline_amqp_exchange: 'ex', source_pipeline_amqp_virtual_host: '/intelmq', source_pipeline_socket_timeout: 10,
    };
    assert.deepEqual(amqpOptions(params, 'source', 'name'), {
      host: 'mq.example', port: 5672, username: 'intelmq', password: 'pw', vhost: '/intelmq', ssl: true, exchange: 'ex', socketTimeout: 10, connectionName: 'name',
    });
    assert.equal(amqpOptions({ destination_pipeline_port: 5673 }, 'destination', 'n').port, 5673);
  });

  it('validates worker numbers, the source queue and flags', () => {
    assert.throws(() => createBroker({}, 'source', { ...base, worker: 2, workers: 2 }), InvalidArgument);
    assert.throws(() => createBroker({}, 'source', { ...base, queues: 7 }), InvalidArgument);
    assert.throws(() => createBroker({ load_balance: 'maybe' }, 'destination', base), InvalidArgument);
    assert.throws(() => createBroker({ source_pipeline_port: 'x', source_pipeline_broker: 'redis' }, 'source', base), InvalidArgument);
  });

  it('builds the intelmqctl admin from the global section, on the source side', () => {
    assert.ok(createAdmin({}, base) instanceof EmbeddedAdmin);
    assert.ok(createAdmin({ source_pipeline_broker: 'redis', destination_pipeline_broker: 'amqp' }, base) instanceof RedisAdmin);
    const admin = createAdmin({ source_pipeline_broker: 'amqp', source_pipeline_host: 'mq', intelmqctl_rabbitmq_monitoring_url: 'https://{host}:15671' }, base);
    assert.ok(admin instanceof AmqpAdmin);
    assert.equal(admin.monitoringUrl, 'https://mq:15671/');
    assert.equal((createAdmin({ source_pipeline_broker: 'amqp' }, base) as AmqpAdmin).monitoringUrl, 'http://127.0.0.1:15672/');
  });
});
