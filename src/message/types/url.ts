/**
 * URL type, plus `urlsplit` with Python's `urllib.parse.urlsplit` semantics
 * (3.11): leading C0 controls and spaces dropped, tab/CR/LF removed anywhere,
 * a scheme only when it starts with an ASCII letter, the authority only after
 * `//`, and the ValueErrors for unbalanced brackets, bad bracketed hosts and
 * netlocs that NFKC-normalise into delimiters. A ValueError makes upstream's
 * check fail, so it is `null` here.
 */
import type { FieldType } from './field-type.ts';
import { genericSanitize, genericValid } from './generic.ts';
import { isIPv6Address } from './ip.ts';
import { isPyWhitespace } from './py.ts';

export interface SplitUrl {
  scheme: string;
  netloc: string;
  path: string;
  query: string;
  fragment: string;
}

const UNSAFE_BYTES = /[\t\r\n]/g;
const HAS_UNSAFE = /[\t\r\n]/;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*$/;
const NON_ASCII = /[^\x00-\x7f]/;
const NETLOC_NOISE = /[@:#?]/g;
const NETLOC_DELIMS = /[/?#@:]/;
const IPV_FUTURE = /^v[a-fA-F0-9]+\..+$/s;

/** Python `urlsplit(url)`; `null` where it raises ValueError. */
export function urlsplit(input: string): SplitUrl | null {
  let start = 0;
  while (start < input.length && input.charCodeAt(start) <= 0x20) start++;
  let url = start ? input.slice(start) : input;
  if (HAS_UNSAFE.test(url)) url = url.replace(UNSAFE_BYTES, '');

  let scheme = '';
  const colon = url.indexOf(':');
  if (colon > 0 && SCHEME.test(url.slice(0, colon))) {
    scheme = url.slice(0, colon).toLowerCase();
    url = url.slice(colon + 1);
  }

  let netloc = '';
  if (url.startsWith('//')) {
    let end = url.length;
    for (const delim of ['/', '?', '#']) {
      const at = url.indexOf(delim, 2);
      if (at >= 0 && at < end) end = at;
    }
    netloc = url.slice(2, end);
    url = url.slice(end);
    const open = netloc.includes('[');
    const close = netloc.includes(']');
    if (open !== close) return null;
    if (open && !bracketedNetlocOk(netloc)) return null;
  }

  let fragment = '';
  const hash = url.indexOf('#');
  if (hash >= 0) {
    fragment = url.slice(hash + 1);
    url = url.slice(0, hash);
  }
  let query = '';
  const q = url.indexOf('?');
  if (q >= 0) {
    query = url.slice(q + 1);
    url = url.slice(0, q);
  }
  if (!netlocNormalisationOk(netloc)) return null;
  return { scheme, netloc, path: url, query, fragment };
}

/** The text between the first `[` and the next `]` must be an IPv6 address or an IPvFuture literal. */
function bracketedNetlocOk(netloc: string): boolean {
  const inner = netloc.slice(netloc.indexOf('[') + 1);
  const close = inner.indexOf(']');
  const host = close < 0 ? inner : inner.slice(0, close);
  return host.startsWith('v') ? IPV_FUTURE.test(host) : isIPv6Address(host);
}

/** Python rejects netlocs whose NFKC form gains URL delimiters (CVE-2019-9636). */
function netlocNormalisationOk(netloc: string): boolean {
  if (!NON_ASCII.test(netloc)) return true;
  const n = netloc.replace(NETLOC_NOISE, '');
  const normalised = n.normalize('NFKC');
  return n === normalised || !NETLOC_DELIMS.test(normalised);
}

/** Python `urlunsplit` for the one case IntelMQ needs: a non-empty netloc. */
function unsplitWithNetloc(p: SplitUrl): string {
  let url = p.path && !p.path.startsWith('/') ? `/${p.path}` : p.path;
  url = `//${p.netloc}${url}`;
  if (p.scheme) url = `${p.scheme}:${url}`;
  if (p.query) url += `?${p.query}`;
  if (p.fragment) url += `#${p.fragment}`;
  return url;
}

function isValidUrl(value: unknown): boolean {
  if (!genericValid(value) || isPyWhitespace(value.charCodeAt(0))) return false;
  const parts = urlsplit(value);
  return parts !== null && parts.netloc !== '';
}

export const URL: FieldType = {
  name: 'URL',
  isValid: isValidUrl,
  sanitize(value) {
    let s = genericSanitize(value);
    if (!s) return null;
    s = s.replaceAll('hxxp://', 'http://').replaceAll('hxxps://', 'https://');
    const parts = urlsplit(s);
    if (parts === null) return null;
    if (parts.scheme === 'file' && parts.netloc === '') s = unsplitWithNetloc({ ...parts, netloc: 'localhost' });
    return isValidUrl(s) ? s : null;
  },
};
