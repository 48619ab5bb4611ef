/**
 * IPAddress and IPNetwork with Python `ipaddress` semantics: dotted-quad IPv4
 * without leading zeros, IPv6 with at most one `::`, an embedded IPv4 tail and
 * a `%scope` suffix, IPv4 netmask/hostmask notation, and output in the
 * canonical compressed lower-case form (IPv4-mapped addresses stay hex,
 * `::ffff:c000:201`, as before Python 3.13).
 */
import type { FieldType } from './field-type.ts';
import { genericSanitize } from './generic.ts';
import { isPyInt } from './py.ts';

const OCTET = '(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
const IPV4 = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}$`);
const PREFIX_DIGITS = /^[0-9]+$/;
/** A string Python's `str(int(s)) == s` accepts: the plain decimal form of an integer. */
const DECIMAL_INTEGER = /^(?:0|-?[1-9][0-9]*)$/;
const MAX_V4 = 2n ** 32n;
const MAX_V6 = 2n ** 128n;

type Address = { v: 4; n: number } | { v: 6; h: number[]; scope: string | null };
interface Network {
  addr: Address;
  prefix: number;
}

function parseIPv4(s: string): number | null {
  if (!IPV4.test(s)) return null;
  const p = s.split('.');
  return ((+p[0]! << 24) | (+p[1]! << 16) | (+p[2]! << 8) | +p[3]!) >>> 0;
}

function parseIPv6(text: string): { h: number[]; scope: string | null } | null {
  let s = text;
  let scope: string | null = null;
  const pct = s.indexOf('%');
  if (pct >= 0) {
    scope = s.slice(pct + 1);
    s = s.slice(0, pct);
    if (!scope || scope.includes('%')) return null;
  }
  if (!s || s.includes('/')) return null;
  const parts = s.split(':');
  if (parts.length < 3) return null;
  if (parts[parts.length - 1]!.includes('.')) {
    const v4 = parseIPv4(parts.pop()!);
    if (v4 === null) return null;
    parts.push((v4 >>> 16).toString(16), (v4 & 0xffff).toString(16));
  }
  if (parts.length > 9) return null;
  const last = parts.length - 1;
  let skip = -1;
  for (let i = 1; i < last; i++) {
    if (parts[i] === '') {
      if (skip >= 0) return null;
      skip = i;
    }
  }
  let hi: number;
  let lo: number;
  if (skip >= 0) {
    hi = skip;
    lo = last - skip;
    // A leading or trailing empty part is only allowed as half of the `::`.
    if (parts[0] === '' && --hi) return null;
    if (parts[last] === '' && --lo) return null;
    if (hi + lo > 7) return null;
  } else {
    if (parts.length !== 8 || parts[0] === '' || parts[last] === '') return null;
    hi = 8;
    lo = 0;
  }
  const h: number[] = [];
  for (let i = 0; i < hi; i++) {
    const x = hextet(parts[i]!);
    if (x < 0) return null;
    h.push(x);
  }
  while (h.length < 8 - lo) h.push(0);
  for (let i = parts.length - lo; i < parts.length; i++) {
    const x = hextet(parts[i]!);
    if (x < 0) return null;
    h.push(x);
  }
  return { h, scope };
}

/** One to four ASCII hex digits, or -1. */
function hextet(s: string): number {
  if (s.length === 0 || s.length > 4) return -1;
  let x = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const lower = c | 0x20;
    const d = c >= 0x30 && c <= 0x39 ? c - 0x30 : lower >= 0x61 && lower <= 0x66 && c >= 0x41 ? lower - 0x57 : -1;
    if (d < 0) return -1;
    x = (x << 4) | d;
  }
  return x;
}

function formatIPv4(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 0xff}.${(n >>> 8) & 0xff}.${n & 0xff}`;
}

/** RFC 5952-style compression as Python does it: the first longest run of two or more zero hextets. */
function formatIPv6(h: number[], scope: string | null): string {
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (h[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && h[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  let text: string;
  if (bestStart < 0) text = h.map((x) => x.toString(16)).join(':');
  else {
    const head = h.slice(0, bestStart).map((x) => x.toString(16)).join(':');
    const tail = h.slice(bestStart + bestLen).map((x) => x.toString(16)).join(':');
    text = `${head}::${tail}`;
  }
  return scope ? `${text}%${scope}` : text;
}

function formatAddress(a: Address): string {
  return a.v === 4 ? formatIPv4(a.n) : formatIPv6(a.h, a.scope);
}

/** A netmask is ones followed by zeros; returns its prefix length, or -1. */
function prefixOfMask(mask: number): number {
  const inverted = ~mask >>> 0;
  return (inverted & (inverted + 1)) === 0 ? 32 - bitCount(inverted) : -1;
}

function bitCount(n: number): number {
  let c = 0;
  for (let x = n; x; x &= x - 1) c++;
  return c;
}

function ipv4Prefix(mask: string): number {
  if (PREFIX_DIGITS.test(mask)) {
    const p = Number(mask);
    if (p <= 32) return p;
  }
  const n = parseIPv4(mask);
  if (n === null) return -1;
  const asNetmask = prefixOfMask(n);
  return asNetmask >= 0 ? asNetmask : prefixOfMask(~n >>> 0);
}

/** Python `ip_network(text, strict)`; `null` where it raises. */
function parseNetwork(text: string, strict: boolean): Network | null {
  const slash = text.indexOf('/');
  const addrText = slash < 0 ? text : text.slice(0, slash);
  const maskText = slash < 0 ? undefined : text.slice(slash + 1);
  if (maskText !== undefined && maskText.includes('/')) return null;

  const v4 = parseIPv4(addrText);
  if (v4 !== null) {
    const prefix = maskText === undefined ? 32 : ipv4Prefix(maskText);
    if (prefix < 0) return null;
    const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
    const n = (v4 & mask) >>> 0;
    if (n !== v4 && strict) return null;
    return { addr: { v: 4, n }, prefix };
  }

  const v6 = parseIPv6(addrText);
  if (v6 === null) return null;
  let prefix = 128;
  if (maskText !== undefined) {
    if (!PREFIX_DIGITS.test(maskText)) return null;
    prefix = Number(maskText);
    if (prefix > 128) return null;
  }
  const h = v6.h.map((x, i) => {
    const bits = Math.min(16, Math.max(0, prefix - i * 16));
    return x & ((0xffff << (16 - bits)) & 0xffff);
  });
  if (h.some((x, i) => x !== v6.h[i])) {
    if (strict) return null;
    // The masked address is a new object without the scope id.
    return { addr: { v: 6, h, scope: null }, prefix };
  }
  return { addr: { v: 6, h, scope: v6.scope }, prefix };
}

/** Python `ip_address(int)`. */
function addressFromInteger(x: bigint): string | null {
  if (x < 0n) return null;
  if (x < MAX_V4) return formatIPv4(Number(x));
  if (x >= MAX_V6) return null;
  const h: number[] = [];
  for (let i = 7; i >= 0; i--) h.push(Number((x >> BigInt(i * 16)) & 0xffffn));
  return formatIPv6(h, null);
}

/** Whether `value` is an address IntelMQ would store (FQDN uses it: a name must not be one). */
export function isValidAddress(value: unknown): boolean {
  if (typeof value !== 'string' || value.length === 0) return false;
  if (IPV4.test(value)) return value !== '0.0.0.0';
  // Python accepts `fe80::1%eth0` as an address; IntelMQ does not store scope ids.
  return !value.includes('%') && parseIPv6(value) !== null;
}

function validOrNull(text: string | null): string | null {
  return text !== null && isValidAddress(text) ? text : null;
}

export const IPAddress: FieldType = {
  name: 'IPAddress',
  isValid: isValidAddress,
  sanitize(value) {
    // Python's bool is an int: True is the address 0.0.0.1.
    if (typeof value === 'boolean') return value ? '0.0.0.1' : null;
    if (isPyInt(value)) return validOrNull(addressFromInteger(BigInt(value)));
    const s = genericSanitize(value);
    if (!s) return null;
    if (IPV4.test(s)) return s === '0.0.0.0' ? null : s;
    if (DECIMAL_INTEGER.test(s)) return validOrNull(addressFromInteger(BigInt(s)));
    const pct = s.indexOf('%');
    const net = parseNetwork(pct < 0 ? s : s.slice(0, pct), true);
    if (net === null || net.prefix !== (net.addr.v === 4 ? 32 : 128)) return null;
    return validOrNull(formatAddress(net.addr));
  },
};

export const IPNetwork: FieldType = {
  name: 'IPNetwork',
  isValid(value) {
    return typeof value === 'string' && value.length > 0 && parseNetwork(value, true) !== null;
  },
  sanitize(value) {
    const s = genericSanitize(value);
    if (!s) return null;
    const net = parseNetwork(s, false);
    return net === null ? null : `${formatAddress(net.addr)}/${net.prefix}`;
  },
};

/** Whether Python's `ip_address(text)` yields an IPv6 address (a scope id allowed). */
export function isIPv6Address(text: string): boolean {
  return parseIPv6(text) !== null;
}
