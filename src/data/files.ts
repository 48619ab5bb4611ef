/**
 * Where the data files shipped with intelmq-ts are. Every module that reads
 * them asks here: the bot bundle (dist/bundle/, see scripts/build.mjs) sits
 * at the same depth below the package as this folder, so one relative path
 * is right for the sources, for tsc's dist/ and for the bundle.
 */
import { fileURLToPath } from 'node:url';

export function dataFile(name: string): string {
  return fileURLToPath(new URL(`../data/${name}`, import.meta.url));
}
