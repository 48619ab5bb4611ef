/**
 * Database downloads for the lookup experts' `--update-database`: fetch,
 * validate, then replace the file atomically (temp file + rename in the same
 * directory) so a running bot never reads a half-written list.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export type Fetch = (url: string) => Promise<Response>;

export async function download(url: string, fetchImpl: Fetch = fetch): Promise<Buffer> {
  const response = await fetchImpl(url);
  if (!response.ok) throw new Error(`Database update failed. Server responded: ${response.status}. URL: ${url}`);
  return Buffer.from(await response.arrayBuffer());
}

/** Writes `data` to `target` so readers see either the old or the new file, never a partial one. */
export async function writeFileAtomic(target: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(target);
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `.${basename(target)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await writeFile(temp, data);
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
