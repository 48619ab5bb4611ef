/**
 * The two databases the lookup reads: PostgreSQL (node-postgres, one pooled
 * connection that reconnects by itself) and SQLite (better-sqlite3, read
 * only). Both return rows as arrays in the order of the selected columns.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import type { BotLogger } from '../../../bot/declaration.ts';

export interface LookupDatabase {
  /** Rows matching the values, in column order; SQLite gives at most the first, as upstream's sqlite3 cursor use does. */
  rows(values: readonly unknown[]): Promise<unknown[][]>;
  close(): Promise<void>;
}

/** `"name"` with embedded quotes doubled. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function selectQuery(table: string, columns: readonly string[], matchColumns: readonly string[], placeholder: (i: number) => string): string {
  const where = matchColumns.map((c, i) => `${quoteIdentifier(c)} = ${placeholder(i)}`).join(' AND ');
  return `SELECT ${columns.map(quoteIdentifier).join(', ')} FROM ${quoteIdentifier(table)} WHERE ${where}`;
}

export interface PostgresOptions {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string | null;
  sslmode: string;
  connectTimeoutSec: number;
}

/** libpq's sslmode in node-postgres terms; `prefer` first tries TLS, `allow` first plain text. */
function tlsFor(sslmode: string): pg.PoolConfig['ssl'] {
  switch (sslmode) {
    case 'disable':
    case 'allow':
      return false;
    case 'prefer':
    case 'require':
      return { rejectUnauthorized: false };
    case 'verify-ca':
      return { rejectUnauthorized: true, checkServerIdentity: () => undefined };
    case 'verify-full':
      return { rejectUnauthorized: true };
    default:
      throw new Error(`Parameter 'sslmode' ${JSON.stringify(sslmode)} is not one of disable, allow, prefer, require, verify-ca, verify-full.`);
  }
}

export class PostgresLookup implements LookupDatabase {
  private pool: pg.Pool;
  private readonly where: string;

  constructor(private readonly o: PostgresOptions, private readonly query: string, private readonly logger: BotLogger) {
    this.where = `${o.host}:${o.port}/${o.database}`;
    this.pool = this.newPool(tlsFor(o.sslmode));
  }

  private newPool(ssl: pg.PoolConfig['ssl']): pg.Pool {
    const pool = new pg.Pool({
      host: this.o.host,
      port: this.o.port,
      database: this.o.database,
      user: this.o.user,
      ...(this.o.password === null ? {} : { password: this.o.password }),
      ssl,
      max: 1,
      connectionTimeoutMillis: Math.round(this.o.connectTimeoutSec * 1000),
    });
    // A dropped idle connection is replaced on the next query; unhandled, the event would end the process.
    pool.on('error', (error) => this.logger.warning(`Database connection to ${this.where} lost: ${error.message}`));
    return pool;
  }

  async rows(values: readonly unknown[]): Promise<unknown[][]> {
    try {
      return await this.run(values);
    } catch (error) {
      if (!(this.o.sslmode === 'prefer' && /does not support SSL/.test((error as Error).message))) {
        throw new Error(`Query on PostgreSQL at ${this.where} failed: ${(error as Error).message}`, { cause: error });
      }
    }
    this.logger.info(`PostgreSQL at ${this.where} does not support TLS; connecting without (sslmode prefer).`);
    const old = this.pool;
    this.pool = this.newPool(false);
    await old.end();
    return this.rows(values);
  }

  private async run(values: readonly unknown[]): Promise<unknown[][]> {
    const result = await this.pool.query<unknown[]>({ text: this.query, values: [...values], rowMode: 'array' });
    return result.rows;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** Python's sqlite3 binds True/False as 1/0; better-sqlite3 refuses booleans. */
const sqliteValue = (v: unknown) => (typeof v === 'boolean' ? Number(v) : v);

export class SqliteLookup implements LookupDatabase {
  private readonly db: Database.Database;
  private readonly statement: Database.Statement<unknown[], unknown[]>;

  constructor(path: string, query: string, timeoutSec: number) {
    let db: Database.Database | undefined;
    try {
      db = new Database(path, { readonly: true, fileMustExist: true, timeout: Math.round(timeoutSec * 1000) });
      this.statement = db.prepare<unknown[], unknown[]>(query).raw(true);
    } catch (error) {
      db?.close();
      throw new Error(`SQLite database ${JSON.stringify(path)}: ${(error as Error).message}`, { cause: error });
    }
    this.db = db;
  }

  async rows(values: readonly unknown[]): Promise<unknown[][]> {
    const row = this.statement.get(...values.map(sqliteValue));
    return row === undefined ? [] : [row];
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
