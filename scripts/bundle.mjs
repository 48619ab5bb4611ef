// The bot process as one esbuild bundle (scripts/build.mjs writes it to dist/bundle/).
import { build } from 'esbuild';

/**
 * Every bot is a process of its own, so what it loads it pays in every one.
 * One bundle (with a chunk per bot, loaded on demand) parses less than ~700
 * separate modules and leaves out the parts of libraries no bot calls: an
 * idle bot's heap holds 7.5 MiB instead of 13. In dist/bundle/ it is as deep
 * as dist/data/, so src/data/files.ts finds the data files from either.
 */
export async function bundleBotProcess(outdir) {
  await build({
    entryPoints: { 'bot-main': 'src/runtime/main.ts' },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Error messages and logs print class names.
    keepNames: true,
    // Native code and the clients loaded through createRequire stay in node_modules.
    external: ['better-sqlite3', 'ioredis', 'amqplib', 'cron-parser'],
    // CommonJS dependencies inside an ES module bundle still call require().
    banner: { js: "import { createRequire as bundleRequire } from 'node:module'; const require = bundleRequire(import.meta.url);" },
    logLevel: 'warning',
  });
}
