import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';

/** Counts the lines of a growing file, reading only what was appended since the last call. */
export class LineCounter {
  private offset = 0;
  private lines = 0;
  private readonly chunk = Buffer.alloc(1 << 20);

  constructor(private readonly path: string) {}

  count(): number {
    if (!existsSync(this.path)) return 0;
    const fd = openSync(this.path, 'r');
    try {
      const size = fstatSync(fd).size;
      while (this.offset < size) {
        const read = readSync(fd, this.chunk, 0, Math.min(this.chunk.length, size - this.offset), this.offset);
        if (read === 0) break;
        for (let i = 0; i < read; i++) if (this.chunk[i] === 10) this.lines += 1;
        this.offset += read;
      }
    } finally {
      closeSync(fd);
    }
    return this.lines;
  }
}
