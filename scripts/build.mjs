// npm run build: compile src/ to dist/ with tsc, copy the data files beside
// the sources, bundle the bot process, and stamp the build with the newest
// source time (bin/entry.js uses dist/ only while that stamp is current).
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { bundleBotProcess } from './bundle.mjs';
import { newestSourceMtime } from '../bin/entry.js';

const stamp = newestSourceMtime();
rmSync('dist', { recursive: true, force: true });
try {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
} catch {
  // Type errors must not break `npm install`: without a stamp the commands run from source.
  console.warn('build: tsc reported errors; the commands will run from the TypeScript sources.');
  process.exit(0);
}
cpSync('src', 'dist', { recursive: true, filter: (src) => !src.endsWith('.ts') });

await bundleBotProcess('dist/bundle');
writeFileSync('dist/.build-stamp', String(stamp));
