/**
 * The generic parameters every bot has (upstream `Bot` class attributes plus
 * mixins) and the keys only intelmqctl reads from `global`. This schema is the
 * single source for default values, validation, generated docs and forms.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { dirname, join } from 'node:path';
import { deepFreeze } from './freeze.ts';
import type { IntelMQPaths } from './paths.ts';

const nullable = <T extends TSchema>(schema: T, options: { default: unknown; description: string }) =>
  Type.Union([schema, Type.Null()], options);

/** Case-insensitive match of broker names expressed as a JSON Schema pattern (no regex flags there). */
function caseInsensitive(words: readonly string[]): string {
  const alt = words.map((w) => [...w].map((c) => (/[a-z]/i.test(c) ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c)).join(''));
  return `^(${alt.join('|')})$`;
}

export const BROKERS = ['embedded', 'redis', 'amqp', 'pythonlist', 'pythonlistsimple'] as const;

const BROKER_DESCRIPTION =
  'Message broker: embedded (SQLite file shared by all bots on this host, no server needed), redis, amqp; ' +
  'pythonlist/pythonlistsimple are in-memory test brokers. Case-insensitive. ' +
  "Product default is 'embedded' when neither the global section nor the bot sets it; upstream IntelMQ defaults to " +
  "'redis', so an upstream runtime.yaml that sets redis explicitly keeps redis.";

const Port = (description: string) => Type.Integer({ minimum: 1, maximum: 65535, default: 6379, description });
const BROKER_PATTERN = caseInsensitive(BROKERS);

/** Renames every key to `<prefix><key>` while keeping the schema types for Static<>. */
function prefixed<P extends string, T extends Record<string, TSchema>>(prefix: P, fields: T): { [K in keyof T & string as `${P}${K}`]: T[K] } {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [`${prefix}${k}`, v])) as { [K in keyof T & string as `${P}${K}`]: T[K] };
}

function pipelineParameters(direction: 'source' | 'destination') {
  const side = direction === 'source' ? 'reading (source queue)' : 'writing (destination queues)';
  return {
    broker: Type.String({ pattern: BROKER_PATTERN, default: 'embedded', description: `${BROKER_DESCRIPTION} Used for ${side}.` }),
    host: Type.String({ default: '127.0.0.1', description: `Broker host for ${side}; a value starting with / or unix:// is a Redis unix socket.` }),
    port: Port(`Broker port for ${side}. Redis 6379; for AMQP set 5672 (used when the broker is amqp and no port is configured).`),
    db: Type.Integer({ minimum: 0, default: 2, description: `Redis database number for ${side}.` }),
    password: nullable(Type.String(), { default: null, description: `Broker password for ${side}.` }),
    username: nullable(Type.String(), { default: null, description: `AMQP user name for ${side}; credentials are used only if user and password are set.` }),
    socket_timeout: nullable(Type.Number({ minimum: 0 }), { default: null, description: `Broker socket timeout in seconds for ${side}; null = no timeout.` }),
    ssl: Type.Boolean({ default: false, description: `AMQP over TLS (server certificate verified) for ${side}.` }),
    amqp_exchange: Type.String({ default: '', description: `AMQP exchange for ${side}; if set, queues are not declared and queue names are used as routing keys.` }),
    amqp_virtual_host: Type.String({ default: '/', description: `AMQP virtual host for ${side}.` }),
  };
}

const Group = Type.Union([Type.Literal('Collector'), Type.Literal('Parser'), Type.Literal('Expert'), Type.Literal('Output')]);
const QueueList = Type.Union([Type.String(), Type.Array(Type.String())]);

export const GenericParameters = Type.Object(
  {
    // System keys (top level of a bot section; also allowed as parameters).
    enabled: Type.Boolean({ default: true, description: 'Whether `intelmqctl start` without a bot id starts this bot.' }),
    run_mode: Type.Union([Type.Literal('continuous'), Type.Literal('scheduled')], {
      default: 'continuous',
      description: 'continuous: run forever; scheduled: process once and exit (started by cron / schedule_time).',
    }),
    group: nullable(Group, { default: null, description: 'Bot type: Collector, Parser, Expert or Output.' }),
    name: nullable(Type.String(), { default: null, description: 'Display name; collectors use it as feed.name when parameters.name is unset.' }),
    description: nullable(Type.String(), { default: null, description: 'Free text shown by management tools.' }),
    module: nullable(Type.String(), { default: null, description: 'Dotted upstream module name identifying the bot implementation.' }),

    // Collector feed metadata.
    accuracy: Type.Number({ minimum: 0, maximum: 100, default: 100, description: 'Collectors: copied to feed.accuracy.' }),
    code: nullable(Type.String(), { default: null, description: 'Collectors: copied to feed.code.' }),
    provider: nullable(Type.String(), { default: null, description: 'Collectors: copied to feed.provider.' }),
    documentation: nullable(Type.String(), { default: null, description: 'Collectors: copied to feed.documentation.' }),

    // Queues.
    source_queue: nullable(Type.String(), {
      default: null,
      description: 'Queue the bot reads from. Unset = `<bot-id>-queue`; an explicit null means the bot has no source queue.',
    }),
    destination_queues: Type.Union([Type.String(), Type.Array(Type.String()), Type.Record(Type.String(), QueueList)], {
      default: {},
      description: 'Output queues: a whitespace-separated string or list (= path _default), or a mapping path -> queue(s). _on_error receives failed messages.',
    }),
    load_balance: Type.Boolean({ default: false, description: 'Send each message to one queue of a path in turn instead of copying it to all.' }),

    // Error handling.
    error_procedure: Type.Union([Type.Literal('pass'), Type.Literal('stop')], {
      default: 'pass',
      description: 'After the retries of a failing message: pass = dump it and continue, stop = dump it and exit.',
    }),
    error_max_retries: Type.Integer({ minimum: 0, default: 3, description: 'How often a failing message is retried before it is dumped.' }),
    error_retry_delay: Type.Number({ minimum: 0, default: 15, description: 'Seconds to wait before a retry.' }),
    error_dump_message: Type.Boolean({ default: true, description: 'Write failed messages to <logging_path>/<bot-id>.dump.' }),
    error_log_message: Type.Boolean({ default: false, description: 'Log the failing message at INFO.' }),
    error_log_exception: Type.Boolean({ default: true, description: 'Log the full traceback of errors (else only the error text).' }),

    // Pacing.
    rate_limit: Type.Number({ minimum: 0, default: 0, description: 'Seconds to sleep after each processed message (collectors: between fetches).' }),
    instances_threads: Type.Integer({ minimum: 0, default: 0, description: 'Workers of this bot in one process (2 or more), each with its own broker connection and in-flight list, on every broker; collectors and bots that cannot run in parallel refuse it at start.' }),
    log_processed_messages_count: Type.Integer({ minimum: 1, default: 500, description: 'Log "Processed <n> messages" after this many messages.' }),
    log_processed_messages_seconds: Type.Number({ minimum: 0, default: 900, description: 'Log "Processed <n> messages" at least this often (seconds).' }),

    // Logging.
    logging_handler: Type.Union([Type.Literal('file'), Type.Literal('syslog'), Type.Literal('stream')], {
      default: 'file',
      description: 'file: <logging_path>/<bot-id>.log; syslog: see logging_syslog; stream: console only.',
    }),
    logging_level: Type.Union(['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'].map((l) => Type.Literal(l)), {
      default: 'INFO',
      description: 'Lowest level written to the log; also the log level of intelmqctl.',
    }),
    logging_path: nullable(Type.String(), {
      default: '/opt/intelmq/var/log/',
      description: 'Directory of log and dump files; default DEFAULT_LOGGING_PATH of the layout (/opt/intelmq/var/log/ or /var/log/intelmq/). Empty or null = no log file.',
    }),
    logging_syslog: Type.Union([Type.String(), Type.Tuple([Type.String(), Port('UDP port')])], {
      default: '/dev/log',
      description: 'Syslog target when logging_handler is syslog: a unix socket path or [host, port] for UDP.',
    }),
    logging_max_size: Type.Integer({ minimum: 0, default: 0, description: 'Rotate the log file when it would exceed this many bytes; 0 = never.' }),
    logging_max_copies: nullable(Type.Integer({ minimum: 0 }), {
      default: null,
      description: 'Number of rotated files kept (<file>.1 ... <file>.N); null/0 with logging_max_size set = the file is truncated on rotation.',
    }),

    // Process management.
    process_manager: Type.Union([Type.Literal('intelmq'), Type.Literal('pid'), Type.Literal('supervisor'), Type.Literal('systemd')], {
      default: 'intelmq',
      description: 'How intelmqctl runs bots: intelmq (= pid, PID files), supervisor (beta) or systemd. Global only.',
    }),
    onboot: Type.Boolean({ default: false, description: 'Start the bot when the system boots (systemd process manager only).' }),
    schedule_time: nullable(Type.String(), {
      default: null,
      description: 'Crontab time (5 fields or @daily-style macro) at which a scheduled bot is started.',
    }),
    systemd_unit_dir: Type.String({ default: '/etc/systemd/system', description: 'Where intelmqctl installs systemd unit files.' }),
    systemctl_command: Type.String({ default: 'systemctl', description: 'systemctl executable (e.g. "systemctl --user").' }),
    supervisor_include_dir: Type.String({
      default: '/etc/supervisor/conf.d',
      description: 'Where intelmqctl writes one include file per bot when supervisord has no twiddler extension; supervisord must include <dir>/*.conf.',
    }),
    supervisor_socket: nullable(Type.String(), {
      default: null,
      description: 'Supervisor XML-RPC unix socket; null = $SUPERVISOR_SOCKET or /var/run/supervisor.sock.',
    }),

    // Pipelines.
    ...prefixed('source_pipeline_', pipelineParameters('source')),
    ...prefixed('destination_pipeline_', pipelineParameters('destination')),
    embedded_pipeline_path: Type.String({
      default: '/opt/intelmq/var/lib/pipeline.sqlite3',
      description: 'SQLite file of the embedded broker; default next to the state file (<root>/var/lib/pipeline.sqlite3, LSB: /var/lib/intelmq/pipeline.sqlite3).',
    }),
    batch_size: Type.Integer({ minimum: 1, default: 500, description: 'Most messages a bot takes from its source queue at once (one round trip or transaction); their outputs are enqueued and the batch acknowledged together. A bot never waits for a batch to fill: it takes what is there. Bots with rate_limit, error_procedure stop or run_mode scheduled take one message at a time, as upstream.' }),
    queue_high_water_mark: nullable(Type.Integer({ minimum: 1 }), {
      default: 100000,
      description: 'Back-pressure, every broker: a bot stops taking input while one of its destination queues holds this many messages, and resumes when it drained; null = unlimited.',
    }),

    // Statistics.
    statistics_host: Type.String({ default: '127.0.0.1', description: 'Redis host for statistics.' }),
    statistics_port: Port('Redis port for statistics.'),
    statistics_database: Type.Integer({ minimum: 0, default: 3, description: 'Redis database for statistics.' }),
    statistics_password: nullable(Type.String(), { default: null, description: 'Redis password for statistics.' }),

    // HTTP (HttpMixin).
    http_proxy: nullable(Type.String(), { default: null, description: 'Proxy for http:// URLs; only used if https_proxy is set too.' }),
    https_proxy: nullable(Type.String(), { default: null, description: 'Proxy for https:// URLs; only used if http_proxy is set too.' }),
    http_timeout_sec: Type.Union([Type.Number({ minimum: 0 }), Type.Tuple([Type.Number({ minimum: 0 }), Type.Number({ minimum: 0 })])], {
      default: 30,
      description: 'Request timeout in seconds, or [connect, read].',
    }),
    http_timeout_max_tries: Type.Integer({ minimum: 1, default: 3, description: 'Total tries of a request that times out.' }),
    http_user_agent: Type.String({
      default: 'Mozilla/5.0 (Windows NT 6.1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/41.0.2228.0 Safari/537.36',
      description: 'User-Agent header of HTTP requests.',
    }),
    http_verify_cert: Type.Union([Type.Boolean(), Type.String()], { default: true, description: 'Verify TLS certificates: true/false or a CA bundle path.' }),
    http_username: nullable(Type.String(), { default: null, description: 'HTTP basic auth user.' }),
    http_password: nullable(Type.String(), { default: null, description: 'HTTP basic auth password.' }),
    http_header: nullable(Type.Record(Type.String(), Type.String()), { default: {}, description: 'Extra HTTP request headers.' }),
    ssl_client_certificate: nullable(Type.String(), { default: null, description: 'Client certificate file for TLS.' }),
    ssl_ca_certificate: nullable(Type.String(), { default: null, description: 'CA certificate file (IMAP and similar).' }),
    extract_files: Type.Union([Type.Null(), Type.Boolean(), Type.String(), Type.Array(Type.String())], {
      default: null,
      description: 'Archive members to extract: true = all, a comma-separated string or a list of names.',
    }),

    // Cache (CacheMixin).
    redis_cache_host: Type.String({ default: '127.0.0.1', description: 'Redis host of the lookup cache.' }),
    redis_cache_port: Port('Redis port of the lookup cache.'),
    redis_cache_db: Type.Integer({ minimum: 0, default: 9, description: 'Redis database of the lookup cache.' }),
    redis_cache_ttl: Type.Integer({ minimum: 0, default: 15, description: 'Lifetime of cache entries in seconds.' }),
    redis_cache_password: nullable(Type.String(), { default: null, description: 'Redis password of the lookup cache.' }),
    cache_backend: Type.Union([Type.Literal('auto'), Type.Literal('redis'), Type.Literal('embedded')], {
      default: 'auto',
      description: 'Where cache-using bots (deduplicator, lookups) keep their cache: redis (redis_cache_*), embedded (a SQLite file, no server), or auto = embedded when the bot reads from the embedded broker, else redis.',
    }),
    embedded_cache_path: nullable(Type.String(), { default: null, description: 'SQLite file of the embedded cache; null = <root>/var/lib/cache.sqlite3.' }),

    // Read by intelmqctl from the global section only.
    intelmqctl_check_orphaned_queues_ignore: Type.Array(Type.String(), { default: [], description: 'Queues `intelmqctl check` does not report as orphaned.' }),
    intelmqctl_rabbitmq_monitoring_url: nullable(Type.String(), {
      default: null,
      description: 'RabbitMQ management API base URL; null = http://{host}:15672/.',
    }),
  },
  { additionalProperties: true, description: 'Parameters every bot understands; bot-specific parameters come on top.' },
);

export type GenericParams = Static<typeof GenericParameters>;

type Properties = Record<string, TSchema>;
const properties = GenericParameters.properties as Properties;

export function isGenericParameter(key: string): boolean {
  return Object.hasOwn(properties, key);
}

/** A generic parameter's default from the schema, for code that reads parameters it was not given. */
export function genericDefault<K extends keyof GenericParams>(key: K): GenericParams[K] {
  return properties[key]!.default as GenericParams[K];
}

/** Concrete defaults for an installation layout: path-dependent defaults follow the layout. */
export function genericDefaults(paths: IntelMQPaths): Readonly<Record<string, unknown>> {
  const defaults: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(properties)) defaults[key] = structuredClone(schema.default as unknown);
  defaults.logging_path = paths.loggingPath;
  defaults.embedded_pipeline_path = join(dirname(paths.stateFilePath), 'pipeline.sqlite3');
  return deepFreeze(defaults);
}

function expected(schema: TSchema): string {
  if (Array.isArray(schema.anyOf)) return (schema.anyOf as TSchema[]).map(expected).join(' or ');
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  switch (schema.type) {
    case 'integer':
    case 'number': {
      const range = schema.minimum !== undefined && schema.maximum !== undefined ? ` in ${schema.minimum}..${schema.maximum}` : schema.minimum !== undefined ? ` >= ${schema.minimum}` : '';
      return `${schema.type === 'integer' ? 'an integer' : 'a number'}${range}`;
    }
    case 'string':
      return schema.pattern === BROKER_PATTERN ? `one of ${BROKERS.join(', ')}` : 'a string';
    case 'boolean':
      return 'true or false';
    case 'null':
      return 'null';
    case 'array':
      return Array.isArray(schema.items) ? `a list of ${schema.items.length} (${(schema.items as TSchema[]).map(expected).join(', ')})` : `a list (items: ${expected(schema.items as TSchema)})`;
    default:
      return 'a mapping';
  }
}

/** Validation message for a known parameter, or undefined when valid or not a generic parameter. */
export function checkGenericParameter(key: string, value: unknown): string | undefined {
  const schema = properties[key];
  if (!schema || Value.Check(schema, value)) return undefined;
  return `Parameter '${key}' must be ${expected(schema)}, got ${JSON.stringify(value) ?? String(value)}.`;
}
