/**
 * Reads MRT TABLE_DUMP_V2 RIB dumps (RFC 6396, ADD-PATH per RFC 8050), as
 * published by RouteViews and RIPE RIS, and yields each prefix with its origin
 * AS the way pyasn's converter picks it: from the first RIB entry's AS_PATH,
 * the last AS of the last AS_SEQUENCE (or the lowest of a trailing AS_SET),
 * skipping reserved and private ASNs.
 */

const TABLE_DUMP_V2 = 13;
const RIB_IPV4_UNICAST = 2;
const RIB_IPV6_UNICAST = 4;
const RIB_IPV4_UNICAST_ADDPATH = 8;
const RIB_IPV6_UNICAST_ADDPATH = 10;
const ATTR_AS_PATH = 2;
const AS_SET = 1;
const AS_SEQUENCE = 2;
const HEADER = 12;

export interface RibPrefix {
  prefix: string;
  asn: number;
}

/** AS_TRANS, documentation, private-use and reserved ASNs never name a real origin. */
export function isBogusAsn(asn: number): boolean {
  return asn === 0 || asn === 23456 || (asn >= 64496 && asn <= 131071) || asn >= 4200000000;
}

function prefixText(bytes: Buffer, bits: number, v6: boolean): string {
  const full = Buffer.alloc(v6 ? 16 : 4);
  bytes.copy(full);
  if (!v6) return `${full[0]}.${full[1]}.${full[2]}.${full[3]}/${bits}`;
  const parts: string[] = [];
  for (let i = 0; i < 16; i += 2) parts.push(full.readUInt16BE(i).toString(16));
  // Compress the longest run of zero groups, as the canonical form does.
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && parts[j] === '0') j++;
    if (j - i > bestLen && j - i > 1) {
      best = i;
      bestLen = j - i;
    }
    i = j === i ? i + 1 : j;
  }
  const text = best < 0 ? parts.join(':') : `${parts.slice(0, best).join(':')}::${parts.slice(best + bestLen).join(':')}`;
  return `${text}/${bits}`;
}

/** Origin AS of an AS_PATH attribute value (4-byte ASNs, as TABLE_DUMP_V2 mandates), or null. */
export function originAs(path: Buffer): number | null {
  const segments: Array<{ type: number; asns: number[] }> = [];
  for (let off = 0; off + 2 <= path.length; ) {
    const type = path[off]!;
    const count = path[off + 1]!;
    off += 2;
    const asns: number[] = [];
    for (let i = 0; i < count && off + 4 <= path.length; i++, off += 4) asns.push(path.readUInt32BE(off));
    segments.push({ type, asns });
  }
  for (const seg of segments.reverse()) {
    const usable = seg.asns.filter((a) => !isBogusAsn(a));
    if (seg.type === AS_SEQUENCE && usable.length) return usable[usable.length - 1]!;
    if (seg.type === AS_SET && usable.length) return Math.min(...usable);
  }
  return null;
}

function firstOrigin(body: Buffer, off: number, entries: number, addPath: boolean): number | null {
  for (let e = 0; e < entries && off < body.length; e++) {
    off += 2 + 4 + (addPath ? 4 : 0);
    const attrLen = body.readUInt16BE(off);
    off += 2;
    const end = off + attrLen;
    for (let a = off; a + 3 <= end; ) {
      const flags = body[a]!;
      const type = body[a + 1]!;
      const extended = (flags & 0x10) !== 0;
      const len = extended ? body.readUInt16BE(a + 2) : body[a + 2]!;
      const start = a + (extended ? 4 : 3);
      if (type === ATTR_AS_PATH) {
        const origin = originAs(body.subarray(start, start + len));
        if (origin !== null) return origin;
        break;
      }
      a = start + len;
    }
    off = end;
  }
  return null;
}

function parseRib(body: Buffer, v6: boolean, addPath: boolean): RibPrefix | null {
  const bits = body[4]!;
  const bytes = Math.ceil(bits / 8);
  const prefix = body.subarray(5, 5 + bytes);
  const entries = body.readUInt16BE(5 + bytes);
  const asn = firstOrigin(body, 7 + bytes, entries, addPath);
  // The default route says nothing about who holds an address.
  if (asn === null || bits === 0) return null;
  return { prefix: prefixText(prefix, bits, v6), asn };
}

/** Prefixes with their origin AS from an MRT byte stream (already decompressed). */
export async function* readRibPrefixes(chunks: AsyncIterable<Buffer | Uint8Array> | Iterable<Buffer | Uint8Array>): AsyncGenerator<RibPrefix> {
  let pending = Buffer.alloc(0);
  for await (const chunk of chunks) {
    pending = pending.length ? Buffer.concat([pending, chunk]) : Buffer.from(chunk);
    let off = 0;
    while (pending.length - off >= HEADER) {
      const length = pending.readUInt32BE(off + 8);
      if (pending.length - off < HEADER + length) break;
      const type = pending.readUInt16BE(off + 4);
      const subtype = pending.readUInt16BE(off + 6);
      const body = pending.subarray(off + HEADER, off + HEADER + length);
      off += HEADER + length;
      if (type !== TABLE_DUMP_V2) continue;
      const v6 = subtype === RIB_IPV6_UNICAST || subtype === RIB_IPV6_UNICAST_ADDPATH;
      const v4 = subtype === RIB_IPV4_UNICAST || subtype === RIB_IPV4_UNICAST_ADDPATH;
      if (!v4 && !v6) continue;
      const rib = parseRib(body, v6, subtype === RIB_IPV4_UNICAST_ADDPATH || subtype === RIB_IPV6_UNICAST_ADDPATH);
      if (rib) yield rib;
    }
    pending = pending.subarray(off);
  }
  if (pending.length) throw new Error(`MRT dump ends inside a record (${pending.length} bytes left)`);
}
