/**
 * `--update-database` of the ASN lookup expert: finds the newest RouteViews
 * RIB dump, converts it to pyasn's IPASN text format and replaces each
 * configured database file atomically.
 */
import { PassThrough, Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import unbzip2Stream from 'unbzip2-stream';
import { writeFileAtomic, type Fetch } from '../domain_suffix/download.ts';
import { readRibPrefixes } from './mrt.ts';

export const ROUTEVIEWS_URL = 'http://archive.routeviews.org/route-views4/bgpdata/';

async function text(fetchImpl: Fetch, url: string): Promise<string> {
  const response = await fetchImpl(url);
  if (!response.ok) throw new Error(`Database update failed. Server responded: ${response.status}. URL: ${url}`);
  return response.text();
}

/** URL of the newest `rib.YYYYMMDD.HHMM.bz2`; the newest month folder may still be empty, so two are tried. */
export async function latestRibUrl(fetchImpl: Fetch = fetch, baseUrl = ROUTEVIEWS_URL): Promise<string> {
  const months = [...(await text(fetchImpl, baseUrl)).matchAll(/href="(\d{4}\.\d{2})\/"/g)].map((m) => m[1]!).sort().reverse();
  for (const month of months.slice(0, 2)) {
    const url = `${baseUrl}${month}/RIBS/`;
    const ribs = [...(await text(fetchImpl, url)).matchAll(/href="(rib\.\d{8}\.\d{4}\.bz2)"/g)].map((m) => m[1]!).sort().reverse();
    if (ribs.length) return url + ribs[0];
  }
  throw new Error("Database update failed. Couldn't find the latest database update.");
}

/** The IPASN text of a bzip2-compressed MRT dump. */
export async function convertRib(bz2: Readable, source: string, now = new Date()): Promise<string> {
  const lines: string[] = [];
  let v4 = 0;
  let v6 = 0;
  // unbzip2-stream is an old-style stream: piping it into a PassThrough makes it async-iterable.
  const decompressed = new PassThrough();
  const unbzip = unbzip2Stream();
  for (const source of [bz2, unbzip]) source.on('error', (error: Error) => decompressed.destroy(error));
  bz2.pipe(unbzip).pipe(decompressed);
  for await (const { prefix, asn } of readRibPrefixes(decompressed)) {
    lines.push(`${prefix}\t${asn}`);
    if (prefix.includes(':')) v6++;
    else v4++;
  }
  if (!lines.length) throw new Error('Database update failed. The RIB dump holds no prefixes.');
  const header = ['; IP-ASN32-DAT file', `; Original source:\t${source}`, `; Converted on  :\t${now.toUTCString()}`, `; Prefixes-v4   :\t${v4}`, `; Prefixes-v6   :\t${v6}`, '; '];
  return `${[...header, ...lines].join('\n')}\n`;
}

/** Downloads and converts the newest RIB once and writes it to every path. */
export async function updateAsnDatabase(paths: readonly string[], opts: { fetch?: Fetch; baseUrl?: string } = {}): Promise<void> {
  const fetchImpl = opts.fetch ?? fetch;
  const url = await latestRibUrl(fetchImpl, opts.baseUrl);
  const response = await fetchImpl(url);
  if (!response.ok || !response.body) throw new Error(`Database update failed. Server responded: ${response.status}. URL: ${url}`);
  const data = await convertRib(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), url);
  for (const path of new Set(paths)) await writeFileAtomic(path, data);
}
