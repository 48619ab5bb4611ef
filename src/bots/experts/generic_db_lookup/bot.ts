import { Type } from '@sinclair/typebox';
import { defineExpert, type Diagnostic } from '../../../bot/declaration.ts';
import { PostgresLookup, selectQuery, SqliteLookup, type LookupDatabase } from './database.ts';

const ENGINES = ['postgresql', 'sqlite'];

function engineProblem(engine: string): string | null {
  return ENGINES.includes(engine.toLowerCase()) ? null : `Wrong parameter 'engine' ${JSON.stringify(engine)}, possible values are ${ENGINES.join(', ')}.`;
}

/** Database values as the harmonization takes them: psycopg2 gives datetimes, node-postgres Date objects. */
function fieldValue(value: unknown): unknown {
  return value instanceof Date ? value.toISOString() : value;
}

export const bot = defineExpert({
  module: 'intelmq.bots.experts.generic_db_lookup.expert',
  name: 'Generic DB Lookup',
  description: 'Looks up the row of a PostgreSQL or SQLite table whose match_fields columns equal the event values and copies its replace_fields columns into the event.',
  parameters: Type.Object({
    engine: Type.String({ default: 'postgresql', description: 'postgresql or sqlite.' }),
    database: Type.String({ default: 'intelmq', description: 'Database name, or the SQLite file.' }),
    table: Type.String({ default: 'contacts', description: 'Table to look up.' }),
    host: Type.String({ default: 'localhost', description: 'PostgreSQL host.' }),
    port: Type.Integer({ minimum: 1, maximum: 65535, default: 5432, description: 'PostgreSQL port.' }),
    user: Type.String({ default: 'intelmq', description: 'PostgreSQL user.' }),
    password: Type.Union([Type.String(), Type.Null()], { default: null, description: 'PostgreSQL password (null: none, or PGPASSWORD).' }),
    sslmode: Type.String({ default: 'require', description: 'PostgreSQL TLS mode as libpq: disable, allow, prefer, require, verify-ca, verify-full.' }),
    connect_timeout: Type.Number({ exclusiveMinimum: 0, default: 5, description: 'Seconds to wait for a connection (PostgreSQL) or a lock (SQLite).' }),
    match_fields: Type.Record(Type.String(), Type.String(), {
      default: { 'source.asn': 'asn' },
      description: 'Event field → column; a row matches when every column equals the field value. Events lacking one of the fields pass unchanged.',
    }),
    replace_fields: Type.Record(Type.String(), Type.String(), {
      default: { contact: 'source.abuse_contact', note: 'comment' },
      description: 'Column → event field, copied from the matching row (always replacing).',
    }),
    overwrite: Type.Boolean({ default: false, description: 'Look up even when every replace_fields target is already set.' }),
  }),
  check(params) {
    const problem = engineProblem(params.engine);
    const out: Diagnostic[] = problem ? [{ level: 'error', message: problem }] : [];
    if (!Object.keys(params.match_fields).length) out.push({ level: 'error', message: "Parameter 'match_fields' is empty." });
    if (!Object.keys(params.replace_fields).length) out.push({ level: 'error', message: "Parameter 'replace_fields' is empty." });
    return out;
  },
  create(ctx) {
    const p = ctx.params;
    const problem = engineProblem(p.engine) ?? (!Object.keys(p.match_fields).length || !Object.keys(p.replace_fields).length ? 'match_fields and replace_fields need at least one entry each.' : null);
    if (problem) throw new Error(problem);
    const match = Object.entries(p.match_fields);
    const replace = Object.entries(p.replace_fields);
    const columns = replace.map(([column]) => column);
    const matchColumns = match.map(([, column]) => column);
    const db: LookupDatabase =
      p.engine.toLowerCase() === 'sqlite'
        ? new SqliteLookup(p.database, selectQuery(p.table, columns, matchColumns, () => '?'), p.connect_timeout)
        : new PostgresLookup(
            { host: p.host, port: p.port, database: p.database, user: p.user, password: p.password, sslmode: p.sslmode, connectTimeoutSec: p.connect_timeout },
            selectQuery(p.table, columns, matchColumns, (i) => `$${i + 1}`),
            ctx.logger,
          );

    return {
      async process(event, emit) {
        for (const [field] of match) {
          if (!event.has(field)) {
            ctx.logger.debug(`${field} not present in event. Skipping event.`);
            emit(event);
            return;
          }
        }
        if (!p.overwrite && replace.every(([, field]) => event.has(field))) {
          emit(event);
          return;
        }
        const rows = await db.rows(match.map(([field]) => event.get(field)));
        if (rows.length > 1) throw new Error('Lookup returned more then one result. Please inspect.');
        const row = rows[0];
        if (row) {
          replace.forEach(([, field], i) => event.add(field, fieldValue(row[i]), { overwrite: true }));
          ctx.logger.debug('Applied.');
        } else {
          ctx.logger.debug('No row found.');
        }
        emit(event);
      },
      shutdown() {
        return db.close();
      },
    };
  },
});
