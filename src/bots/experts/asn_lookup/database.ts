/**
 * Prefix → origin ASN table in pyasn's IPASN text format (`; comment` lines,
 * then `prefix/len<TAB>asn` lines, optionally gzip-compressed), answering
 * longest-prefix-match lookups for IPv4 and IPv6.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import ipaddr from 'ipaddr.js';

export interface AsnMatch {
  asn: number;
  /** The matching prefix, canonical (`192.0.2.0/24`, `2001:db8::/32`). */
  network: string;
}

function v4ToNumber(ip: ipaddr.IPv4): number {
  const [a, b, c, d] = ip.octets as [number, number, number, number];
  return ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
}

function v6ToBigInt(ip: ipaddr.IPv6): bigint {
  let n = 0n;
  for (const part of ip.parts) n = (n << 16n) | BigInt(part);
  return n;
}

function maskV4(n: number, bits: number): number {
  return bits === 0 ? 0 : (n & (0xffffffff << (32 - bits))) >>> 0;
}

const V6_ALL = (1n << 128n) - 1n;
function maskV6(n: bigint, bits: number): bigint {
  return bits === 0 ? 0n : n & (V6_ALL ^ ((1n << BigInt(128 - bits)) - 1n));
}

function v4String(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

function v6String(n: bigint): string {
  const parts: number[] = [];
  for (let i = 7; i >= 0; i--) parts.push(Number((n >> BigInt(i * 16)) & 0xffffn));
  return new ipaddr.IPv6(parts).toString();
}

export class AsnDatabase {
  // Per prefix length, network → ASN; lookups try the lengths present, longest first.
  private readonly v4 = new Map<number, Map<number, number>>();
  private readonly v6 = new Map<number, Map<bigint, number>>();
  private v4Lengths: number[] = [];
  private v6Lengths: number[] = [];
  size = 0;

  static fromFile(path: string): AsnDatabase {
    let data = readFileSync(path);
    if (data[0] === 0x1f && data[1] === 0x8b) data = gunzipSync(data);
    return AsnDatabase.fromText(data.toString('utf8'));
  }

  /** Throws on the first malformed line, naming it. */
  static fromText(text: string): AsnDatabase {
    const db = new AsnDatabase();
    let lineNo = 0;
    for (const raw of text.split('\n')) {
      lineNo++;
      const line = raw.trim();
      if (!line || line.startsWith(';')) continue;
      const [prefix, asnText] = line.split(/\s+/);
      const asn = Number(asnText);
      if (!prefix || !ipaddr.isValidCIDR(prefix) || !Number.isInteger(asn) || asn < 0) {
        throw new Error(`line ${lineNo}: expected 'prefix/len<TAB>asn', got '${line}'`);
      }
      db.add(prefix, asn);
    }
    return db;
  }

  add(prefix: string, asn: number): void {
    const [ip, bits] = ipaddr.parseCIDR(prefix);
    if (ip.kind() === 'ipv4') {
      let table = this.v4.get(bits);
      if (!table) {
        this.v4.set(bits, (table = new Map()));
        this.v4Lengths = [...this.v4.keys()].sort((a, b) => b - a);
      }
      table.set(maskV4(v4ToNumber(ip as ipaddr.IPv4), bits), asn);
    } else {
      let table = this.v6.get(bits);
      if (!table) {
        this.v6.set(bits, (table = new Map()));
        this.v6Lengths = [...this.v6.keys()].sort((a, b) => b - a);
      }
      table.set(maskV6(v6ToBigInt(ip as ipaddr.IPv6), bits), asn);
    }
    this.size++;
  }

  /** Longest matching prefix of `address`; null when none matches or the address is invalid. */
  lookup(address: string): AsnMatch | null {
    if (!ipaddr.isValid(address)) return null;
    const ip = ipaddr.parse(address);
    if (ip.kind() === 'ipv4') {
      const n = v4ToNumber(ip as ipaddr.IPv4);
      for (const bits of this.v4Lengths) {
        const net = maskV4(n, bits);
        const asn = this.v4.get(bits)!.get(net);
        if (asn !== undefined) return { asn, network: `${v4String(net)}/${bits}` };
      }
      return null;
    }
    const n = v6ToBigInt(ip as ipaddr.IPv6);
    for (const bits of this.v6Lengths) {
      const net = maskV6(n, bits);
      const asn = this.v6.get(bits)!.get(net);
      if (asn !== undefined) return { asn, network: `${v6String(net)}/${bits}` };
    }
    return null;
  }
}
