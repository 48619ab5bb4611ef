declare module 'unbzip2-stream' {
  import type { Duplex } from 'node:stream';
  /** A through-stream: bzip2 bytes in, decompressed bytes out. */
  export default function unbzip2Stream(): Duplex;
}
