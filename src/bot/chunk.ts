/**
 * Upstream's report splitting (`chunk_size`, `chunk_replicate_header`): split
 * at line boundaries into pieces of at most `chunkSize` bytes (a longer line
 * is a piece of its own), optionally repeating the first line (a CSV header)
 * in every piece, so no single message is huge.
 */
export function* splitIntoChunks(data: Buffer, chunkSize: number | null, replicateHeader: boolean): Generator<Buffer> {
  if (data.length === 0) return;
  if (!chunkSize || chunkSize <= 0) {
    yield data;
    return;
  }
  let pos = 0;
  let header: Buffer = Buffer.alloc(0);
  if (replicateHeader) {
    const nl = data.indexOf(0x0a);
    header = nl === -1 ? data : data.subarray(0, nl + 1);
    pos = header.length;
    if (pos >= data.length) {
      yield data;
      return;
    }
  }
  const budget = Math.max(1, chunkSize - header.length);
  while (pos < data.length) {
    let end = pos;
    for (;;) {
      const nl = data.indexOf(0x0a, end);
      const lineEnd = nl === -1 ? data.length : nl + 1;
      if (end > pos && lineEnd - pos > budget) break;
      end = lineEnd;
      if (end >= data.length || end - pos >= budget) break;
    }
    yield header.length ? Buffer.concat([header, data.subarray(pos, end)]) : data.subarray(pos, end);
    pos = end;
  }
}
