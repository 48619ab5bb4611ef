/**
 * Upstream's HttpMixin (bot-runtime.md §13) on undici: TLS verification or a
 * CA bundle (`http_verify_cert`), a client certificate
 * (`ssl_client_certificate`, one PEM file with certificate and key), basic
 * auth, User-Agent plus `http_header`, proxies only when both `http_proxy`
 * and `https_proxy` are set, `http_timeout_sec` (seconds or [connect, read])
 * and `http_timeout_max_tries` tries for requests that got no answer.
 *
 * undici (the engine of Node's own fetch) is used instead of the built-in
 * fetch because the built-in one cannot take a proxy, a CA bundle or a
 * client certificate.
 */
import { readFileSync } from 'node:fs';
import { Agent, ProxyAgent, fetch, type Dispatcher } from 'undici';
import { GenericParameters } from '../../../config/global-defaults.ts';
import type { BotLogger } from '../../../bot/declaration.ts';

const generic = GenericParameters.properties;

/** The generic http_* parameters, spread into a bot's schema so its forms and defaults show them. */
export const HttpParameters = {
  http_proxy: generic.http_proxy,
  https_proxy: generic.https_proxy,
  http_timeout_sec: generic.http_timeout_sec,
  http_timeout_max_tries: generic.http_timeout_max_tries,
  http_user_agent: generic.http_user_agent,
  http_verify_cert: generic.http_verify_cert,
  http_username: generic.http_username,
  http_password: generic.http_password,
  http_header: generic.http_header,
  ssl_client_certificate: generic.ssl_client_certificate,
};

export interface HttpResponse {
  status: number;
  headers: Headers;
  body: Buffer;
  /** Final URL after redirects. */
  url: string;
}

export interface HttpRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** A request that got no HTTP answer after all tries; names the URL's host and port. */
export class HttpRequestError extends Error {
  override name = 'HttpRequestError';
}

const CONNECT_ERRORS = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

export class HttpClient {
  private readonly direct: Agent;
  private readonly proxies: { http: ProxyAgent; https: ProxyAgent } | null = null;
  private readonly headers: Record<string, string>;
  private readonly tries: number;

  constructor(params: Readonly<Record<string, unknown>>, private readonly logger: BotLogger) {
    const [connectMs, readMs] = timeouts(params['http_timeout_sec']);
    const tls = tlsOptions(params);
    const agentOpts = { connect: { timeout: connectMs, ...tls }, headersTimeout: readMs, bodyTimeout: readMs };
    this.direct = new Agent(agentOpts);
    const httpProxy = nonEmpty(params['http_proxy']);
    const httpsProxy = nonEmpty(params['https_proxy']);
    if (httpProxy && httpsProxy) {
      this.proxies = {
        // Plain-HTTP URLs go to the proxy in absolute form, as requests does; HTTPS URLs through a CONNECT tunnel.
        http: new ProxyAgent({ ...agentOpts, uri: httpProxy, proxyTunnel: false }),
        https: new ProxyAgent({ ...agentOpts, uri: httpsProxy, requestTls: tls }),
      };
    } else if (httpProxy || httpsProxy) {
      logger.warning(`Only ${httpProxy ? 'http' : 'https'}_proxy seems to be set.Both http and https proxies must be set.`);
    }
    this.headers = {};
    const ua = nonEmpty(params['http_user_agent']);
    if (ua) this.headers['user-agent'] = ua;
    const extra = params['http_header'];
    if (extra && typeof extra === 'object') Object.assign(this.headers, lowerKeys(extra as Record<string, string>));
    const user = params['http_username'];
    if (typeof user === 'string') {
      const password = typeof params['http_password'] === 'string' ? params['http_password'] : '';
      this.headers['authorization'] = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    }
    this.tries = Math.max(1, Number(params['http_timeout_max_tries'] ?? 3));
  }

  get(url: string, headers?: Record<string, string>): Promise<HttpResponse> {
    return this.request(url, { method: 'GET', ...(headers ? { headers } : {}) });
  }

  /** Resolves with any HTTP answer (the caller judges the status); rejects when none came. */
  async request(url: string, req: HttpRequest = {}): Promise<HttpResponse> {
    const method = req.method ?? 'GET';
    const dispatcher = this.dispatcherFor(url);
    let lastError: unknown;
    for (let attempt = 1; attempt <= this.tries; attempt++) {
      try {
        const res = await fetch(url, {
          method,
          headers: { ...this.headers, ...lowerKeys(req.headers ?? {}) },
          ...(req.body !== undefined ? { body: req.body } : {}),
          dispatcher,
        });
        const body = Buffer.from(await res.arrayBuffer());
        return { status: res.status, headers: res.headers as unknown as Headers, body, url: res.url || url };
      } catch (e) {
        lastError = e;
        const code = errorCode(e);
        // Like urllib3's Retry: a request that may have reached the server is only repeated when idempotent.
        if (!(method === 'GET' || method === 'HEAD' || (code && CONNECT_ERRORS.has(code)))) break;
        if (attempt < this.tries) this.logger.debug(`${method} ${url} failed (${describe(e)}), try ${attempt + 1} of ${this.tries}.`);
      }
    }
    const target = new URL(url);
    const port = target.port || (target.protocol === 'https:' ? '443' : '80');
    throw new HttpRequestError(`${method} ${url} (host ${target.hostname}, port ${port}) failed after ${this.tries} tr${this.tries === 1 ? 'y' : 'ies'}: ${describe(lastError)}`, { cause: lastError });
  }

  async close(): Promise<void> {
    await Promise.all([this.direct.close(), this.proxies?.http.close(), this.proxies?.https.close()]);
  }

  private dispatcherFor(url: string): Dispatcher {
    if (!this.proxies) return this.direct;
    return url.startsWith('https:') ? this.proxies.https : this.proxies.http;
  }
}

function lowerKeys(h: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), String(v)]));
}

function nonEmpty(v: unknown): string | null {
  return typeof v === 'string' && v ? v : null;
}

function timeouts(v: unknown): [number, number] {
  if (Array.isArray(v)) return [Number(v[0]) * 1000, Number(v[1]) * 1000];
  const ms = Number(v ?? 30) * 1000;
  return [ms, ms];
}

function tlsOptions(params: Readonly<Record<string, unknown>>): { rejectUnauthorized: boolean; ca?: Buffer; cert?: Buffer; key?: Buffer } {
  const verify = params['http_verify_cert'] ?? true;
  const out: { rejectUnauthorized: boolean; ca?: Buffer; cert?: Buffer; key?: Buffer } = { rejectUnauthorized: verify !== false };
  if (typeof verify === 'string') out.ca = readPem(verify, 'http_verify_cert');
  const client = nonEmpty(params['ssl_client_certificate']);
  if (client) {
    // requests takes one file holding certificate and private key; OpenSSL picks the matching block from each.
    const pem = readPem(client, 'ssl_client_certificate');
    out.cert = pem;
    out.key = pem;
  }
  return out;
}

function readPem(path: string, param: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new Error(`Cannot read '${path}' (parameter '${param}'): ${(e as Error).message}`);
  }
}

function errorCode(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let depth = 0; cur && depth < 5; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The innermost cause's message: fetch itself only says "fetch failed". */
function describe(e: unknown): string {
  const parts: string[] = [];
  let cur: unknown = e;
  for (let depth = 0; cur && depth < 5; depth++) {
    if (cur instanceof AggregateError && cur.errors.length) cur = cur.errors[0];
    const msg = cur instanceof Error ? cur.message : String(cur);
    if (msg && msg !== 'fetch failed') parts.push(msg);
    cur = (cur as { cause?: unknown }).cause;
  }
  return parts.join(': ') || String(e);
}
