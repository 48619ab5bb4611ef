import { Type } from '@sinclair/typebox';
import { defineOutput } from '../../../bot/declaration.ts';
import { pyJsonDumps, type Event } from '../../../message/index.ts';
import { PyFloat } from '../../../message/types/index.ts';
import { PgTarget, SqliteTarget, type Row, type SqlTarget } from './targets.ts';

export { psqlInitdb, type InitdbOptions } from './initdb.ts';

export const bot = defineOutput({
  module: 'intelmq.bots.outputs.sql.output',
  name: 'SQL',
  description:
    'INSERTs every event into a table with one column per field ("source.ip" etc., see intelmq_psql_initdb), in PostgreSQL or SQLite. A batch is one transaction of multi-row INSERTs; any database error fails the events, which are retried and then dumped.',
  multithreadable: false,
  parameters: Type.Object({
    engine: Type.Union([Type.Literal('postgresql'), Type.Literal('sqlite')], { description: 'Database engine (upstream\'s mssql is not supported).' }),
    host: Type.String({ default: 'localhost', description: 'PostgreSQL host.' }),
    port: Type.Integer({ minimum: 1, maximum: 65535, default: 5432, description: 'PostgreSQL port.' }),
    database: Type.String({ default: 'intelmq-events', description: 'PostgreSQL database, or the SQLite database file.' }),
    user: Type.String({ default: 'intelmq', description: 'PostgreSQL user.' }),
    password: Type.Union([Type.String(), Type.Null()], { default: null, description: 'PostgreSQL password.' }),
    sslmode: Type.Union(['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'].map((m) => Type.Literal(m)), {
      default: 'require',
      description: 'PostgreSQL TLS mode, as libpq: require/prefer/allow encrypt without verifying the certificate; verify-ca/verify-full verify it.',
    }),
    connect_timeout: Type.Number({ minimum: 0, default: 5, description: 'Seconds to wait for the connection (SQLite: for a locked database).' }),
    table: Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?$', default: 'events', description: 'Table (optionally schema.table).' }),
    fields: Type.Union([Type.Array(Type.String()), Type.String(), Type.Null()], { default: null, description: 'Only these fields (list or comma-separated); null = every field of the event.' }),
    jsondict_as_string: Type.Boolean({ default: true, description: 'Store extra.* as one JSON string in the column "extra".' }),
    autocommit: Type.Boolean({ default: true, description: 'Accepted for compatibility: every event or batch is committed as one transaction.' }),
    fail_on_errors: Type.Boolean({ default: false, description: 'Accepted for compatibility: database errors always fail the event, so it is retried and then dumped instead of being dropped.' }),
    reconnect_delay: Type.Number({ minimum: 0, default: 0, description: 'Seconds to wait before writing again after a failed write (upstream: before reconnecting).' }),
  }),
  create(ctx) {
    const p = ctx.params;
    const fields = typeof p.fields === 'string' ? p.fields.split(',').map((f) => f.trim()).filter(Boolean) : p.fields;
    const target: SqlTarget = p.engine === 'sqlite' ? new SqliteTarget(p.database, p.connect_timeout, ctx.logger) : new PgTarget(p, ctx.logger);
    let lostAt: number | null = null;

    const toRow = (event: Event): Row => {
      const dict = event.toDict({ jsondictAsString: p.jsondict_as_string });
      const columns = (fields ?? Object.keys(dict)).filter((k) => k in dict);
      return { columns, values: columns.map((k) => columnValue(dict[k])) };
    };

    const insert = async (events: Event[]) => {
      if (lostAt !== null && p.reconnect_delay > 0) {
        const wait = lostAt + p.reconnect_delay * 1000 - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
      try {
        await target.insert(p.table, events.map(toRow));
        lostAt = null;
      } catch (e) {
        lostAt = Date.now();
        throw e;
      }
    };

    return {
      process: (event) => insert([event]),
      processBatch: insert,
      shutdown: () => target.close(),
    };
  },
});

function columnValue(v: unknown): unknown {
  if (v instanceof PyFloat) return v.value;
  if (v !== null && typeof v === 'object') return pyJsonDumps(v);
  return v;
}
