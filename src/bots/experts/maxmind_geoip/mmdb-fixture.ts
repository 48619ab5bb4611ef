/**
 * Writes small MaxMind DB (MMDB v2) files for tests: no npm package writes
 * the format, and the bot must be tested against real binary databases. Only
 * what the tests need: an IPv6 tree (IPv4 under ::/96), 24-bit records, and
 * maps, strings, doubles and unsigned integers in the data section.
 */
import ipaddr from 'ipaddr.js';

export type MmdbValue = string | number | boolean | MmdbValue[] | { [key: string]: MmdbValue };

const RECORD_BYTES = 3;
const METADATA_MARKER = Buffer.from('abcdef4d61784d696e642e636f6d', 'hex');

function control(type: number, size: number): Buffer {
  const extended = type > 7;
  const first = (extended ? 0 : type) << 5;
  const ext = extended ? [type - 7] : [];
  if (size < 29) return Buffer.from([first | size, ...ext]);
  if (size < 285) return Buffer.from([first | 29, ...ext, size - 29]);
  const rest = size - 285;
  return Buffer.from([first | 30, ...ext, rest >> 8, rest & 0xff]);
}

function uint(type: number, n: number | bigint): Buffer {
  const bytes: number[] = [];
  for (let v = BigInt(n); v > 0n; v >>= 8n) bytes.unshift(Number(v & 0xffn));
  return Buffer.concat([control(type, bytes.length), Buffer.from(bytes)]);
}

export function encode(value: MmdbValue): Buffer {
  if (typeof value === 'string') {
    const s = Buffer.from(value, 'utf8');
    return Buffer.concat([control(2, s.length), s]);
  }
  if (typeof value === 'boolean') return control(14, value ? 1 : 0);
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= 0 && value < 2 ** 32) return uint(6, value);
    const d = Buffer.alloc(8);
    d.writeDoubleBE(value);
    return Buffer.concat([control(3, 8), d]);
  }
  if (Array.isArray(value)) return Buffer.concat([control(11, value.length), ...value.map(encode)]);
  const entries = Object.entries(value);
  return Buffer.concat([control(7, entries.length), ...entries.flatMap(([k, v]) => [encode(k), encode(v)])]);
}

interface Node {
  children: [Node | number | null, Node | number | null];
}

function bitsOf(network: string): number[] {
  const [ip, len] = ipaddr.parseCIDR(network);
  const bytes = ip.kind() === 'ipv4' ? [...new Array<number>(12).fill(0), ...ip.toByteArray()] : ip.toByteArray();
  const prefix = ip.kind() === 'ipv4' ? len + 96 : len;
  const bits: number[] = [];
  for (let i = 0; i < prefix; i++) bits.push((bytes[i >> 3]! >> (7 - (i & 7))) & 1);
  return bits;
}

/** An MMDB whose networks (`192.0.2.0/24`, `2001:db8::/32`) map to records; later entries must not overlap earlier ones. */
export function buildMmdb(records: ReadonlyArray<[string, MmdbValue]>, databaseType = 'GeoLite2-City'): Buffer {
  const dataParts: Buffer[] = [];
  const offsets: number[] = [];
  let dataSize = 0;
  for (const [, value] of records) {
    const encoded = encode(value);
    offsets.push(dataSize);
    dataParts.push(encoded);
    dataSize += encoded.length;
  }
  const root: Node = { children: [null, null] };
  records.forEach(([network], index) => {
    const bits = bitsOf(network);
    let node = root;
    for (let i = 0; i < bits.length - 1; i++) {
      const b = bits[i]!;
      let next = node.children[b];
      if (typeof next !== 'object' || next === null) node.children[b] = next = { children: [null, null] };
      node = next;
    }
    node.children[bits[bits.length - 1]!] = index;
  });
  const nodes: Node[] = [];
  const queue: Node[] = [root];
  while (queue.length) {
    const n = queue.shift()!;
    nodes.push(n);
    for (const c of n.children) if (c !== null && typeof c === 'object') queue.push(c);
  }
  const ids = new Map(nodes.map((n, i) => [n, i]));
  const nodeCount = nodes.length;
  const tree = Buffer.alloc(nodeCount * 2 * RECORD_BYTES);
  nodes.forEach((n, i) => {
    n.children.forEach((c, side) => {
      const value = c === null ? nodeCount : typeof c === 'number' ? nodeCount + 16 + offsets[c]! : ids.get(c)!;
      tree.writeUIntBE(value, (i * 2 + side) * RECORD_BYTES, RECORD_BYTES);
    });
  });
  const metadata = encode({
    binary_format_major_version: 2,
    binary_format_minor_version: 0,
    build_epoch: 1_700_000_000,
    database_type: databaseType,
    description: { en: 'intelmq-ts test database' },
    ip_version: 6,
    languages: ['en'],
    node_count: nodeCount,
    record_size: RECORD_BYTES * 8,
  });
  return Buffer.concat([tree, Buffer.alloc(16), ...dataParts, METADATA_MARKER, metadata]);
}
