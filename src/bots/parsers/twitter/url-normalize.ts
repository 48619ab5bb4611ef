/**
 * The `url-normalize` Python package (1.4), which upstream's Twitter parser
 * runs each candidate through: default scheme, lower-case scheme and host,
 * IDNA host, default port dropped, minimal percent-encoding, dot segments
 * resolved, `/` for an empty path, sorted query parameters.
 */
import { idnaEncode, urlsplit } from '../../../message/types/index.ts';

/** Schemes `urlunsplit` writes a `//` authority for even when it is empty. */
const USES_NETLOC = new Set(['ftp', 'http', 'gopher', 'nntp', 'telnet', 'imap', 'wais', 'file', 'mms', 'https', 'shttp', 'snews', 'prospero', 'rtsp', 'rtspu', 'rsync', 'svn', 'svn+ssh', 'sftp', 'nfs', 'git', 'git+ssh', 'ws', 'wss']);

const DEFAULT_PORTS: Readonly<Record<string, string>> = {
  ftp: '21',
  gopher: '70',
  http: '80',
  https: '443',
  news: '119',
  nntp: '119',
  snews: '563',
  snntp: '563',
  telnet: '23',
  ws: '80',
  wss: '443',
};

/** Python `urllib.parse.quote(text, safe)` (UTF-8; letters, digits and `_.-~` are always safe). */
function quote(text: string, safe: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const ch = String.fromCharCode(byte);
    out += /[A-Za-z0-9_.~-]/.test(ch) || (byte < 0x80 && safe.includes(ch)) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Python `urllib.parse.unquote`: invalid escapes stay, bytes decode as UTF-8 with replacement. */
function unquote(text: string): string {
  if (!text.includes('%')) return text;
  return text.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => Buffer.from(run.replace(/%/g, ''), 'hex').toString('utf8'));
}

function normalizePath(path: string, scheme: string): string {
  let out = quote(unquote(path), "~:/?#[]@!$&'()*+,;=");
  if (['', 'http', 'https', 'ftp', 'file'].includes(scheme)) {
    const output: string[] = [];
    const parts = out.split('/');
    for (const part of parts) {
      if (part === '') {
        if (output.length === 0) output.push(part);
      } else if (part === '..') {
        if (output.length > 1) output.pop();
      } else if (part !== '.') {
        output.push(part);
      }
    }
    if (['', '.', '..'].includes(parts[parts.length - 1]!)) output.push('');
    out = output.join('/');
  }
  if (!out && ['http', 'https', 'ftp', 'file'].includes(scheme)) out = '/';
  return out;
}

function normalizeQuery(query: string): string {
  return query
    .split('&')
    .map((param) => param.split(/=(.*)/s).filter((_, i) => i < 2).map((t) => quote(unquote(t), "~:/?#[]@!$'()*+,;=")).join('='))
    .sort()
    .join('&');
}

/** Normalizes `url`; throws where the package raises (e.g. an unencodable host). */
export function urlNormalize(input: string, defaultScheme = 'https'): string {
  let url = input.trim();
  if (!url) return url;
  const filePath = url === '-' || (url.startsWith('/') && !url.startsWith('//'));
  if (!filePath && !url.slice(0, 7).includes(':')) url = `${defaultScheme}://${url.replace(/^\/+/, '')}`;
  url = url.replaceAll('#!', '?_escaped_fragment_=').replace(/utm_source=[^&]+&?/g, '').replace(/[&? ]+$/, '');
  const parts = urlsplit(url);
  if (!parts) throw new RangeError(`Invalid URL: ${url}`);
  const auth = /^([^@]*@)?([^:]*):?(.*)$/s.exec(parts.netloc)!;
  const userinfo = auth[1] === '@' || auth[1] === ':@' ? '' : (auth[1] ?? '');
  const host = idnaEncode(auth[2]!.toLowerCase().replace(/^\.+|\.+$/g, ''));
  if (host === null) throw new RangeError(`The host of ${url} cannot be IDNA-encoded.`);
  const scheme = parts.scheme.toLowerCase();
  let port = auth[3]!;
  if (/^[0-9]+$/.test(port)) port = DEFAULT_PORTS[scheme] === String(Number(port)) ? '' : String(Number(port));
  const path = normalizePath(parts.path, scheme);
  const query = parts.query ? normalizeQuery(parts.query) : '';
  const fragment = quote(unquote(parts.fragment), '~');
  const netloc = userinfo + host + (port ? `:${port}` : '');
  let rest = path;
  if (netloc || USES_NETLOC.has(scheme)) rest = `//${netloc}${rest && !rest.startsWith('/') ? '/' : ''}${rest}`;
  return `${scheme ? `${scheme}:` : ''}${rest}${query ? `?${query}` : ''}${fragment ? `#${fragment}` : ''}`;
}
