/** Builds MRT TABLE_DUMP_V2 records for tests (RFC 6396 layout). */

export interface Segment {
  type: 1 | 2;
  asns: number[];
}

function asPath(segments: readonly Segment[]): Buffer {
  const value = Buffer.concat(
    segments.map((s) => {
      const b = Buffer.alloc(2 + 4 * s.asns.length);
      b[0] = s.type;
      b[1] = s.asns.length;
      s.asns.forEach((a, i) => b.writeUInt32BE(a, 2 + 4 * i));
      return b;
    }),
  );
  // ORIGIN first, so the parser has to skip an attribute; AS_PATH with the extended-length flag.
  const origin = Buffer.from([0x40, 1, 1, 0]);
  const header = Buffer.from([0x50, 2, value.length >> 8, value.length & 0xff]);
  return Buffer.concat([origin, header, value]);
}

export function ribRecord(prefix: number[], bits: number, paths: ReadonlyArray<readonly Segment[]>, opts: { v6?: boolean; addPath?: boolean } = {}): Buffer {
  const subtype = (opts.v6 ? 4 : 2) + (opts.addPath ? 6 : 0);
  const bytes = Math.ceil(bits / 8);
  const entries = paths.map((segments, i) => {
    const attrs = asPath(segments);
    const head = Buffer.alloc(6 + (opts.addPath ? 4 : 0) + 2);
    head.writeUInt16BE(i, 0);
    if (opts.addPath) head.writeUInt32BE(i + 1, 6);
    head.writeUInt16BE(attrs.length, head.length - 2);
    return Buffer.concat([head, attrs]);
  });
  const fixed = Buffer.alloc(4 + 1 + bytes + 2);
  fixed[4] = bits;
  Buffer.from(prefix.slice(0, bytes)).copy(fixed, 5);
  fixed.writeUInt16BE(paths.length, 5 + bytes);
  const body = Buffer.concat([fixed, ...entries]);
  const header = Buffer.alloc(12);
  header.writeUInt16BE(13, 4);
  header.writeUInt16BE(subtype, 6);
  header.writeUInt32BE(body.length, 8);
  return Buffer.concat([header, body]);
}

/** A PEER_INDEX_TABLE record: present in real dumps, ignored by the reader. */
export function peerIndexRecord(): Buffer {
  const body = Buffer.from([192, 0, 2, 1, 0, 0, 0, 0]);
  const header = Buffer.alloc(12);
  header.writeUInt16BE(13, 4);
  header.writeUInt16BE(1, 6);
  header.writeUInt32BE(body.length, 8);
  return Buffer.concat([header, body]);
}

/** The dump the tests use: v4, v6, ADD-PATH, a trailing AS_SET and a bogus origin. */
export function sampleDump(): Buffer {
  return Buffer.concat([
    peerIndexRecord(),
    ribRecord([192, 0, 2], 24, [[{ type: 2, asns: [3320, 64500] }], [{ type: 2, asns: [1, 2] }]]),
    ribRecord([198, 51, 100, 128], 25, [[{ type: 2, asns: [3320, 65001] }, { type: 1, asns: [64512, 174, 701] }]], { addPath: true }),
    ribRecord([0x20, 0x01, 0x0d, 0xb8], 32, [[{ type: 2, asns: [6939, 3333] }]], { v6: true }),
    ribRecord([10], 8, [[{ type: 2, asns: [64512] }]]),
    ribRecord([], 0, [[{ type: 2, asns: [3320] }]]),
  ]);
}
