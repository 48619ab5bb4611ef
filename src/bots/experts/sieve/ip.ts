/**
 * Python `ipaddress.ip_address` and `ip_network(…, strict=False)` with their
 * exact acceptance rules (no leading zeros in IPv4 octets, at most one `::`,
 * netmask and hostmask forms), as the sieve language uses them for `<<`.
 */
export interface IpAddress {
  readonly version: 4 | 6;
  /** The address as an unsigned integer. */
  readonly value: bigint;
}

export interface IpNetwork {
  readonly version: 4 | 6;
  readonly network: bigint;
  readonly prefix: number;
  readonly mask: bigint;
}

const BITS = { 4: 32, 6: 128 } as const;

/** Dotted quad, decimal octets without leading zeros; scanned by hand as it runs for every `<<` test. */
function parseIPv4(text: string): bigint | null {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 46;
    if (c === 46) {
      if (digits === 0 || octet > 255 || ++dots > 4) return null;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      if (digits === 1 && octet === 0) return null;
      if (++digits > 3) return null;
      octet = octet * 10 + (c - 48);
    } else {
      return null;
    }
  }
  return dots === 4 ? BigInt(value) : null;
}

function parseIPv6(text: string): bigint | null {
  const percent = text.indexOf('%');
  let addr = text;
  if (percent >= 0) {
    const scope = text.slice(percent + 1);
    if (!scope || scope.includes('%')) return null;
    addr = text.slice(0, percent);
  }
  const parts = addr.split(':');
  if (parts.length < 3) return null;
  const last = parts[parts.length - 1]!;
  if (last.includes('.')) {
    const v4 = parseIPv4(last);
    if (v4 === null) return null;
    parts.splice(parts.length - 1, 1, ((v4 >> 16n) & 0xffffn).toString(16), (v4 & 0xffffn).toString(16));
  }
  if (parts.length > 9) return null;
  let skip = -1;
  for (let i = 1; i < parts.length - 1; i++) {
    if (parts[i] === '') {
      if (skip >= 0) return null;
      skip = i;
    }
  }
  let hi: number;
  let lo: number;
  let skipped: number;
  if (skip >= 0) {
    hi = skip;
    lo = parts.length - skip - 1;
    if (parts[0] === '' && --hi !== 0) return null;
    if (parts[parts.length - 1] === '' && --lo !== 0) return null;
    skipped = 8 - (hi + lo);
    if (skipped < 1) return null;
  } else {
    if (parts.length !== 8 || parts[0] === '' || parts[7] === '') return null;
    hi = 8;
    lo = 0;
    skipped = 0;
  }
  let value = 0n;
  const hextet = (p: string): boolean => {
    if (!/^[0-9a-fA-F]{1,4}$/.test(p)) return false;
    value = (value << 16n) | BigInt(parseInt(p, 16));
    return true;
  };
  for (let i = 0; i < hi; i++) if (!hextet(parts[i]!)) return null;
  value <<= BigInt(16 * skipped);
  for (let i = parts.length - lo; i < parts.length; i++) if (!hextet(parts[i]!)) return null;
  return value;
}

/** `ipaddress.ip_address(value)`: strings in either version, integers by size. */
export function parseIpAddress(value: unknown): IpAddress | null {
  if (typeof value === 'number' || typeof value === 'boolean') {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) return null;
    const big = BigInt(n);
    if (big < 1n << 32n) return { version: 4, value: big };
    return big < 1n << 128n ? { version: 6, value: big } : null;
  }
  if (typeof value !== 'string') return null;
  const v4 = parseIPv4(value);
  if (v4 !== null) return { version: 4, value: v4 };
  const v6 = parseIPv6(value);
  return v6 === null ? null : { version: 6, value: v6 };
}

function maskOf(version: 4 | 6, prefix: number): bigint {
  const bits = BITS[version];
  return ((1n << BigInt(bits)) - 1n) ^ ((1n << BigInt(bits - prefix)) - 1n);
}

/** Prefix length of a netmask (`255.255.0.0`) or hostmask (`0.0.255.255`), as Python's `_make_netmask`. */
function prefixFromMask(version: 4 | 6, text: string): number | null {
  const bits = BITS[version];
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    return n <= bits ? n : null;
  }
  if (version === 6) return null;
  const mask = parseIPv4(text);
  if (mask === null) return null;
  for (const candidate of [mask, mask ^ 0xffffffffn]) {
    for (let p = 0; p <= bits; p++) if (maskOf(4, p) === candidate) return p;
  }
  return null;
}

/** `ipaddress.ip_network(text, strict=False)`: host bits are cleared. */
export function parseIpNetwork(text: string): IpNetwork | null {
  const parts = text.split('/');
  if (parts.length > 2) return null;
  const addr = parseIpAddress(parts[0]!);
  if (!addr) return null;
  const prefix = parts.length === 2 ? prefixFromMask(addr.version, parts[1]!) : BITS[addr.version];
  if (prefix === null) return null;
  const mask = maskOf(addr.version, prefix);
  return { version: addr.version, network: addr.value & mask, prefix, mask };
}

/** `address in network`; addresses of the other IP version are never contained. */
export function networkContains(net: IpNetwork, addr: IpAddress): boolean {
  return net.version === addr.version && (addr.value & net.mask) === net.network;
}
