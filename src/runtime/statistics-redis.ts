/**
 * The statistics' own Redis writer. A few pipelined SETs every 2 s need no
 * full client, and ioredis costs every bot process about 10 MiB of memory
 * that bots on the embedded broker would carry for nothing else. It speaks
 * just enough RESP for AUTH, SELECT and SET, whose replies are `+OK` or
 * `-ERR ...`, and it never throws: statistics must not stop or slow a bot.
 */
import { connect, type Socket } from 'node:net';

/** Where Redis listens, as `redisOptionsFromHost` gives it: a unix socket `path`, or `host` and `port`. */
export type RedisTarget = ({ path: string } | { host: string; port: number }) & { db: number; password?: string | undefined };

/** Longest a flush waits, connection set-up included: a stuck Redis must not stall the bot's loop. */
const REPLY_TIMEOUT_MS = 1000;
/** First wait after a connection that once worked fails to come back; doubles per failure. */
const RETRY_MIN_MS = 2000;
/** Also the first wait when Redis was never reached: a site without Redis should not be probed every flush. */
const RETRY_MAX_MS = 60_000;
/** Status lines are short; this much input without a line end means the peer is not Redis. */
const MAX_UNPARSED_CHARS = 4096;

function encode(command: readonly string[]): string {
  let out = `*${command.length}\r\n`;
  for (const arg of command) out += `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`;
  return out;
}

interface Batch {
  left: number;
  error: string | null;
  done(error: string | null): void;
}

/** One socket and the batches awaiting its replies, which Redis sends in command order. */
class Connection {
  closed = false;
  private input = '';
  private readonly batches: Batch[] = [];
  private readonly socket: Socket;

  constructor(target: RedisTarget) {
    this.socket = 'path' in target ? connect({ path: target.path }) : connect({ host: target.host, port: target.port });
    // An idle connection must not keep a stopping bot alive; while a flush waits, its timer holds the process.
    this.socket.unref();
    this.socket.setNoDelay(true);
    this.socket.setEncoding('utf8');
    this.socket.on('data', (chunk: string) => this.read(chunk));
    this.socket.on('error', (e: Error) => this.close(e.message));
    this.socket.on('close', () => this.close('connection closed'));
  }

  /** Resolves with null when every command was answered `+...`, else with the first error or why the connection failed. */
  exchange(commands: readonly (readonly string[])[]): Promise<string | null> {
    if (this.closed) return Promise.resolve('connection closed');
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.close(`no reply within ${REPLY_TIMEOUT_MS} ms`), REPLY_TIMEOUT_MS);
      const done = (error: string | null): void => {
        clearTimeout(timer);
        resolve(error);
      };
      this.batches.push({ left: commands.length, error: null, done });
      this.socket.write(commands.map(encode).join(''));
    });
  }

  close(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.destroy();
    for (const batch of this.batches.splice(0)) batch.done(reason);
  }

  private read(chunk: string): void {
    this.input += chunk;
    for (let end = this.input.indexOf('\r\n'); end !== -1 && !this.closed; end = this.input.indexOf('\r\n')) {
      const line = this.input.slice(0, end);
      this.input = this.input.slice(end + 2);
      const batch = this.batches[0];
      // No other reply type answers AUTH, SELECT or SET: the stream is out of step, and only a new connection resyncs it.
      if (batch === undefined || (line[0] !== '+' && line[0] !== '-')) return this.close(`unexpected reply ${JSON.stringify(line.slice(0, 60))}`);
      if (line[0] === '-') batch.error ??= `Redis answered: ${line.slice(1)}`;
      if (--batch.left === 0) {
        this.batches.shift();
        batch.done(batch.error);
      }
    }
    if (this.input.length > MAX_UNPARSED_CHARS) this.close('unexpected reply without line end');
  }
}

export class StatisticsRedis {
  private conn: Connection | null = null;
  private connecting: Promise<Connection | null> | null = null;
  private retryAt = 0;
  private retryDelay = RETRY_MAX_MS;

  constructor(
    private readonly target: RedisTarget,
    private readonly onDebug: (msg: string) => void,
  ) {}

  /** Pipelines `commands` and resolves once all are answered, on failure, or at once while backing off. Never rejects. */
  async send(commands: readonly (readonly string[])[]): Promise<void> {
    if (commands.length === 0) return;
    const conn = await this.connection();
    if (conn === null) return;
    const error = await conn.exchange(commands);
    if (error !== null) this.onDebug(`Failed to write statistics to cache, check your statistics_* settings (${error}).`);
  }

  close(): void {
    this.conn?.close('closed');
    this.conn = null;
  }

  private connection(): Promise<Connection | null> {
    if (this.conn !== null && !this.conn.closed) return Promise.resolve(this.conn);
    if (Date.now() < this.retryAt) return Promise.resolve(null);
    this.connecting ??= this.open().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async open(): Promise<Connection | null> {
    const { password, db } = this.target;
    const conn = new Connection(this.target);
    const error = await conn.exchange(password ? [['AUTH', password], ['SELECT', String(db)]] : [['SELECT', String(db)]]);
    if (error === null) {
      this.retryDelay = RETRY_MIN_MS;
      this.conn = conn;
      return conn;
    }
    conn.close(error);
    this.retryAt = Date.now() + this.retryDelay;
    const where = 'path' in this.target ? this.target.path : `${this.target.host}:${this.target.port}`;
    this.onDebug(`Statistics Redis at ${where} is unusable (${error}); statistics go to the file only, next try in ${this.retryDelay / 1000} s. Check your statistics_* settings.`);
    this.retryDelay = Math.min(this.retryDelay * 2, RETRY_MAX_MS);
    return null;
  }
}
