/**
 * Python's `urllib.parse.urlparse` and the parts of its result the URL
 * experts read (`hostname`, `port`, `username`, `path`, `netloc`). WHATWG's
 * URL class normalises too much (percent-encoding, default ports, IDNA), so
 * results would drift from what a Python IntelMQ stores.
 */

const SCHEME_CHARS = /^[A-Za-z][A-Za-z0-9+\-.]*$/;
// urlparse splits `;params` off the last path segment only for these schemes.
const USES_PARAMS = new Set(['', 'ftp', 'hdl', 'prospero', 'http', 'imap', 'https', 'shttp', 'rtsp', 'rtsps', 'rtspu', 'sip', 'sips', 'mms', 'sftp', 'tel']);
// Python strips leading C0 controls and spaces, and drops tab/CR/LF anywhere (bpo-43882).
const LEADING_C0 = /^[\u0000-\u0020]+/;
const UNSAFE = /[\t\r\n]/g;

export interface ParsedUrl {
  readonly scheme: string;
  readonly netloc: string;
  readonly path: string;
  readonly params: string;
  readonly query: string;
  readonly fragment: string;
  /** Lower-cased host, brackets removed; null when empty. */
  readonly hostname: string | null;
  /** Throws as Python does for a non-numeric or out-of-range port; null when absent. */
  readonly port: number | null;
  readonly username: string | null;
  readonly password: string | null;
}

export function urlparse(input: string): ParsedUrl {
  let url = input.replace(LEADING_C0, '').replace(UNSAFE, '');
  let scheme = '';
  let netloc = '';
  let query = '';
  let fragment = '';
  const colon = url.indexOf(':');
  if (colon > 0 && SCHEME_CHARS.test(url.slice(0, colon))) {
    scheme = url.slice(0, colon).toLowerCase();
    url = url.slice(colon + 1);
  }
  if (url.startsWith('//')) {
    let end = url.length;
    for (const c of '/?#') {
      const i = url.indexOf(c, 2);
      if (i >= 0 && i < end) end = i;
    }
    netloc = url.slice(2, end);
    url = url.slice(end);
    if ((netloc.includes('[') && !netloc.includes(']')) || (netloc.includes(']') && !netloc.includes('['))) {
      throw new Error('Invalid IPv6 URL');
    }
  }
  const hash = url.indexOf('#');
  if (hash >= 0) {
    fragment = url.slice(hash + 1);
    url = url.slice(0, hash);
  }
  const q = url.indexOf('?');
  if (q >= 0) {
    query = url.slice(q + 1);
    url = url.slice(0, q);
  }
  let path = url;
  let params = '';
  if (USES_PARAMS.has(scheme) && path.includes(';')) {
    const semi = path.indexOf(';', Math.max(path.lastIndexOf('/'), 0));
    if (semi >= 0) {
      params = path.slice(semi + 1);
      path = path.slice(0, semi);
    }
  }
  return new PythonSplitResult(scheme, netloc, path, params, query, fragment);
}

class PythonSplitResult implements ParsedUrl {
  constructor(
    readonly scheme: string,
    readonly netloc: string,
    readonly path: string,
    readonly params: string,
    readonly query: string,
    readonly fragment: string,
  ) {}

  private hostinfo(): [string, string] {
    const at = this.netloc.lastIndexOf('@');
    const hostinfo = at >= 0 ? this.netloc.slice(at + 1) : this.netloc;
    const open = hostinfo.indexOf('[');
    if (open >= 0) {
      const bracketed = hostinfo.slice(open + 1);
      const close = bracketed.indexOf(']');
      const host = close >= 0 ? bracketed.slice(0, close) : bracketed;
      const rest = close >= 0 ? bracketed.slice(close + 1) : '';
      const portColon = rest.indexOf(':');
      return [host, portColon >= 0 ? rest.slice(portColon + 1) : ''];
    }
    const c = hostinfo.indexOf(':');
    return c >= 0 ? [hostinfo.slice(0, c), hostinfo.slice(c + 1)] : [hostinfo, ''];
  }

  private userinfo(): [string | null, string | null] {
    const at = this.netloc.lastIndexOf('@');
    if (at < 0) return [null, null];
    const info = this.netloc.slice(0, at);
    const c = info.indexOf(':');
    return c >= 0 ? [info.slice(0, c), info.slice(c + 1)] : [info, null];
  }

  get hostname(): string | null {
    const host = this.hostinfo()[0];
    if (!host) return null;
    // An IPv6 zone id keeps its case; only the address part is lower-cased.
    const pct = host.indexOf('%');
    return pct >= 0 ? host.slice(0, pct).toLowerCase() + host.slice(pct) : host.toLowerCase();
  }

  get port(): number | null {
    const text = this.hostinfo()[1];
    if (!text) return null;
    if (!/^[0-9]+$/.test(text)) throw new Error(`Port could not be cast to integer value as '${text}'`);
    const port = Number.parseInt(text, 10);
    if (port > 65535) throw new Error('Port out of range 0-65535');
    return port;
  }

  get username(): string | null {
    return this.userinfo()[0];
  }

  get password(): string | null {
    return this.userinfo()[1];
  }
}
