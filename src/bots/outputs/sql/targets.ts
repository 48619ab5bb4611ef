/**
 * The two database engines of the SQL output. Both write a batch in one
 * transaction of multi-row INSERTs (one per run of rows with the same
 * columns), so a batch is either stored completely or not at all.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import type { BotLogger } from '../../../bot/declaration.ts';

export interface Row {
  columns: string[];
  values: unknown[];
}

export interface SqlTarget {
  insert(table: string, rows: Row[]): Promise<void>;
  close(): Promise<void>;
}

export interface PgSettings {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string | null;
  sslmode: string;
  connect_timeout: number;
}

/** PostgreSQL allows 65535 bind parameters per statement. */
const PG_MAX_PARAMS = 65535;
/** SQLite's default SQLITE_MAX_VARIABLE_NUMBER since 3.32. */
const SQLITE_MAX_PARAMS = 32766;

/** Runs of consecutive rows with the same columns, split by the parameter limit; keeps the event order. */
function* groups(rows: Row[], maxParams: number): Generator<Row[]> {
  let run: Row[] = [];
  let key = '';
  let limit = 1;
  for (const row of rows) {
    const k = row.columns.join('\u0000');
    if (run.length && (k !== key || run.length >= limit)) {
      yield run;
      run = [];
    }
    key = k;
    limit = Math.max(1, Math.floor(maxParams / Math.max(1, row.columns.length)));
    run.push(row);
  }
  if (run.length) yield run;
}

function insertSql(table: string, group: Row[], placeholder: (i: number) => string): string {
  const cols = group[0]!.columns;
  let n = 0;
  const tuples = group.map(() => `(${cols.map(() => placeholder(++n)).join(', ')})`);
  return `INSERT INTO ${table} ("${cols.join('", "')}") VALUES ${tuples.join(', ')}`;
}

/** libpq's sslmode on node-postgres: require/prefer/allow do not verify the certificate, verify-* do. */
function sslOption(mode: string): pg.ClientConfig['ssl'] {
  switch (mode) {
    case 'disable':
      return false;
    case 'verify-full':
      return { rejectUnauthorized: true };
    case 'verify-ca':
      return { rejectUnauthorized: true, checkServerIdentity: () => undefined };
    default:
      return { rejectUnauthorized: false };
  }
}

export class PgTarget implements SqlTarget {
  private client: pg.Client | null = null;
  private readonly where: string;

  constructor(private readonly s: PgSettings, private readonly logger: BotLogger) {
    this.where = `PostgreSQL at ${s.host}:${s.port} (database '${s.database}', user '${s.user}')`;
  }

  private async connect(): Promise<pg.Client> {
    if (this.client) return this.client;
    const base = { host: this.s.host, port: this.s.port, database: this.s.database, user: this.s.user, connectionTimeoutMillis: this.s.connect_timeout * 1000, ...(this.s.password !== null ? { password: this.s.password } : {}) };
    const attempt = async (ssl: pg.ClientConfig['ssl']) => {
      const c = new pg.Client({ ...base, ssl });
      c.on('error', () => (this.client = null));
      await c.connect();
      return c;
    };
    let client: pg.Client;
    try {
      client = await attempt(sslOption(this.s.sslmode));
    } catch (e) {
      // "prefer" and "allow" fall back to an unencrypted connection when the server has no TLS.
      if (!['prefer', 'allow'].includes(this.s.sslmode) || !/does not support SSL/i.test((e as Error).message)) {
        throw new Error(`Cannot connect to ${this.where}: ${(e as Error).message}`, { cause: e });
      }
      client = await attempt(false).catch((e2: Error) => {
        throw new Error(`Cannot connect to ${this.where}: ${e2.message}`, { cause: e2 });
      });
    }
    this.logger.info('Connected to database.');
    this.client = client;
    return client;
  }

  async insert(table: string, rows: Row[]): Promise<void> {
    const c = await this.connect();
    try {
      await c.query('BEGIN');
      for (const group of groups(rows, PG_MAX_PARAMS)) {
        await c.query(insertSql(table, group, (i) => `$${i}`), group.flatMap((r) => r.values.map(pgValue)));
      }
      await c.query('COMMIT');
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      if (!this.client || (e as { code?: string }).code === undefined) await this.close();
      throw new Error(`Inserting into ${table} on ${this.where} failed: ${(e as Error).message}`, { cause: e });
    }
  }

  async close(): Promise<void> {
    const c = this.client;
    this.client = null;
    await c?.end().catch(() => undefined);
  }
}

/** JSON escapes a NUL as \u0000, which PostgreSQL refuses inside json and text; upstream escapes it once more. */
function pgValue(v: unknown): unknown {
  return typeof v === 'string' ? v.replaceAll('\\u0000', '\\\\u0000') : v;
}

export class SqliteTarget implements SqlTarget {
  private db: Database.Database | null = null;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly path: string, private readonly timeoutSeconds: number, private readonly logger: BotLogger) {}

  private open(): Database.Database {
    if (this.db) return this.db;
    try {
      this.db = new Database(this.path, { timeout: this.timeoutSeconds * 1000, fileMustExist: false });
    } catch (e) {
      throw new Error(`Cannot open SQLite database '${this.path}': ${(e as Error).message}`, { cause: e });
    }
    this.logger.info('Connected to database.');
    return this.db;
  }

  async insert(table: string, rows: Row[]): Promise<void> {
    const db = this.open();
    const run = db.transaction(() => {
      for (const group of groups(rows, SQLITE_MAX_PARAMS)) {
        const sql = insertSql(table, group, () => '?');
        let stmt = this.statements.get(sql);
        if (!stmt) {
          // Batch sizes and column sets vary; a bounded cache keeps the common statements prepared.
          if (this.statements.size >= 256) this.statements.clear();
          this.statements.set(sql, (stmt = db.prepare(sql)));
        }
        stmt.run(group.flatMap((r) => r.values.map(sqliteValue)));
      }
    });
    try {
      run();
    } catch (e) {
      throw new Error(`Inserting into ${table} of SQLite database '${this.path}' failed: ${(e as Error).message}`, { cause: e });
    }
  }

  async close(): Promise<void> {
    this.statements.clear();
    this.db?.close();
    this.db = null;
  }
}

function sqliteValue(v: unknown): unknown {
  return typeof v === 'boolean' ? (v ? 1 : 0) : v;
}
