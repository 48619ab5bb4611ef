// Runs a command from the compiled dist/ when it is up to date with src/
// (fast start, less memory), otherwise straight from the TypeScript sources
// through tsx, so an edited checkout never runs stale code.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const STAMP = join(ROOT, 'dist', '.build-stamp');

export function newestSourceMtime() {
  let newest = 0;
  for (const entry of readdirSync(join(ROOT, 'src'), { recursive: true })) {
    const name = String(entry);
    if (name.endsWith('.test.ts')) continue;
    const m = statSync(join(ROOT, 'src', name)).mtimeMs;
    if (m > newest) newest = m;
  }
  return newest;
}

function distIsFresh() {
  if (process.env.INTELMQ_TS_FROM_SOURCE === '1' || !existsSync(STAMP)) return false;
  return Number(readFileSync(STAMP, 'utf8')) >= newestSourceMtime();
}

/** `bundle`: the file in dist/ built from `relative` by esbuild (scripts/build.mjs), used instead of tsc's output. */
export async function run(relative, bundle) {
  if (distIsFresh()) {
    await import(join(ROOT, 'dist', `${bundle ?? relative}.js`));
    return;
  }
  const { register } = await import('tsx/esm/api');
  register();
  await import(join(ROOT, 'src', `${relative}.ts`));
}
