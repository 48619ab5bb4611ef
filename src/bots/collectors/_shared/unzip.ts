/**
 * Upstream's `unzip` helper (bot-runtime.md §7.1): try zip, then tar
 * (plain, gzip- or bzip2-compressed), then plain gzip; return the members as
 * (name, content) pairs, gzip yielding one unnamed blob.
 *
 * Libraries: fflate reads zip archives from memory with no native code and no
 * dependencies (the most used pure-JS zip reader, actively maintained);
 * tar-stream is the tar parser underneath tar-fs and prebuild tooling, tiny
 * and well kept. gzip comes from node:zlib, bzip2 from unbzip2-stream (already
 * used by the ASN expert). xz-compressed tar is not supported (no
 * well-kept pure-JS xz decoder); such data fails like any unknown format.
 */
import { PassThrough, Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { unzipSync } from 'fflate';
import { extract as tarExtract } from 'tar-stream';
import unbzip2Stream from 'unbzip2-stream';
import type { BotLogger } from '../../../bot/declaration.ts';

export interface ArchiveMember {
  /** Name inside the archive; null for a plain gzip file. */
  name: string | null;
  content: Buffer;
}

/** `true` = every member, a list = members with exactly these names. */
export type ExtractFiles = true | readonly string[];

export interface UnzipOptions {
  tryZip?: boolean;
  tryTar?: boolean;
  tryGzip?: boolean;
  logger?: BotLogger;
}

/** The generic `extract_files` parameter: comma-separated string or list → names, true → all, falsy → none. */
export function parseExtractFiles(value: unknown): ExtractFiles | false {
  if (value === true) return true;
  if (typeof value === 'string') {
    const names = value.split(',').map((s) => s.trim()).filter(Boolean);
    return names.length ? names : false;
  }
  if (Array.isArray(value) && value.length) return value.map(String);
  return false;
}

type Extractor = (data: Buffer) => Promise<ArchiveMember[]>;

export async function unzip(data: Buffer, extractFiles: ExtractFiles, opts: UnzipOptions = {}): Promise<ArchiveMember[]> {
  const attempts: Array<[boolean, string, Extractor]> = [
    [opts.tryZip !== false, 'zip', async (d) => extractZip(d)],
    [opts.tryTar !== false, 'tar', extractTar],
    [opts.tryGzip !== false, 'gzip', async (d) => [{ name: null, content: gunzipSync(d) }]],
  ];
  for (const [enabled, kind, extract] of attempts) {
    if (!enabled) continue;
    let members: ArchiveMember[];
    try {
      members = await extract(data);
    } catch (e) {
      opts.logger?.debug(`Uncompression using ${kind} failed with: ${(e as Error).message}.`);
      continue;
    }
    opts.logger?.debug(`Detected ${kind} archive.`);
    if (kind === 'gzip') return members;
    opts.logger?.debug(`Found files ${JSON.stringify(members.map((m) => m.name))} in archive.`);
    return extractFiles === true ? members : members.filter((m) => extractFiles.includes(m.name!));
  }
  throw new Error('Failed to uncompress the given file.');
}

function extractZip(data: Buffer): ArchiveMember[] {
  const files = unzipSync(new Uint8Array(data.buffer, data.byteOffset, data.length));
  return Object.entries(files)
    .filter(([name]) => !name.endsWith('/'))
    .map(([name, content]) => ({ name, content: Buffer.from(content.buffer, content.byteOffset, content.length) }));
}

async function extractTar(data: Buffer): Promise<ArchiveMember[]> {
  const tar = await decompressForTar(data);
  const members: ArchiveMember[] = [];
  let entries = 0;
  const extractor = tarExtract();
  const done = new Promise<void>((resolve, reject) => {
    extractor.on('entry', (header, stream, next) => {
      entries++;
      const chunks: Buffer[] = [];
      stream.on('data', (c: unknown) => chunks.push(c as Buffer));
      stream.on('end', () => {
        if (header.type === 'file' || header.type === 'contiguous-file') members.push({ name: header.name, content: Buffer.concat(chunks) });
        next();
      });
      stream.on('error', reject);
    });
    extractor.on('finish', resolve);
    extractor.on('error', reject);
  });
  extractor.end(tar);
  await done;
  // An all-zero or empty block parses as an empty archive; Python's tarfile calls that "empty file".
  if (!entries) throw new Error('empty file');
  return members;
}

async function decompressForTar(data: Buffer): Promise<Buffer> {
  if (data[0] === 0x1f && data[1] === 0x8b) return gunzipSync(data);
  if (data.subarray(0, 3).toString('latin1') === 'BZh') return bunzip2(data);
  return data;
}

async function bunzip2(data: Buffer): Promise<Buffer> {
  // unbzip2-stream is an old-style stream: piping it into a PassThrough makes it async-iterable.
  const out = new PassThrough();
  const decoder = unbzip2Stream();
  decoder.on('error', (e: Error) => out.destroy(e));
  Readable.from([data]).pipe(decoder).pipe(out);
  const chunks: Buffer[] = [];
  for await (const chunk of out) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
