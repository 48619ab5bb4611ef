/**
 * `npm run demo`: sets up an installation (or reuses the demo one), starts the
 * demo botnet with intelmqctl, feeds it the sample file and shows progress
 * until the output file holds the events; then says where everything is.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { chooseRoot } from '../config/paths.ts';
import { readRuntimeConfig } from '../config/runtime.ts';
import { createAdmin } from '../pipeline/factory.ts';
import { readDump } from '../log/dump-file.ts';
import { setupRoot, SAMPLE_FEED } from './setup.ts';
import { DEMO_BOTS, demoInputDir, demoOutputFile } from './demo-runtime.ts';
import { Progress, rate } from '../ctl/progress.ts';

const CTL = fileURLToPath(new URL('../../bin/intelmqctl.js', import.meta.url));

function ctl(env: NodeJS.ProcessEnv, ...args: string[]): number {
  const r = spawnSync(process.execPath, [CTL, ...args], { env, stdio: 'inherit' });
  return r.status ?? 1;
}

function countLines(file: string): number {
  if (!existsSync(file)) return 0;
  const buf = readFileSync(file);
  let n = 0;
  for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, i + 1)) n++;
  return n;
}

export async function runDemo(opts: { stopAfter: boolean; timeoutSeconds: number }): Promise<number> {
  const choice = chooseRoot(process.env);
  const env = { ...process.env, INTELMQ_ROOT_DIR: choice.root };
  console.log(`IntelMQ root: ${choice.root} (${choice.reason})`);
  const { paths, created } = setupRoot(choice.root, { demo: true });
  for (const c of created) console.log(`  created ${c}`);
  const config = readRuntimeConfig(paths.runtimeFile);
  const missing = DEMO_BOTS.filter((id) => !config.bots.has(id));
  if (missing.length) {
    console.error(`${paths.runtimeFile} exists but has no demo bots (${missing.join(', ')}). Run the demo in a fresh root: INTELMQ_ROOT_DIR=/tmp/intelmq-demo npm run demo`);
    return 1;
  }
  const output = demoOutputFile(paths);
  const before = countLines(output);
  const inputDir = demoInputDir(paths);
  const feed = join(inputDir, `sample-feed-${Date.now()}.csv`);
  mkdirSync(inputDir, { recursive: true });
  // Copied under another name first: the collector must never read a half-written file.
  copyFileSync(SAMPLE_FEED, `${feed}.part`);
  renameSync(`${feed}.part`, feed);
  const feedLines = countLines(SAMPLE_FEED);
  console.log(`Dropped ${feedLines} lines of sample feed into ${inputDir}.`);

  console.log('Starting the demo botnet (file collector → CSV parser → taxonomy → deduplicator → url2fqdn → file output):');
  if (ctl(env, 'start') !== 0) {
    console.error(`Not every bot started; see \`intelmqctl status\` and the logs in ${paths.loggingPath}.`);
    return 1;
  }
  const admin = createAdmin(config.global, { defaultEmbeddedPath: join(paths.varStatePath, '..', 'pipeline.sqlite3') });
  const queues = DEMO_BOTS.filter((b) => b !== 'demo-file-collector').map((b) => `${b}-queue`);
  const progress = new Progress();
  let stableSince = 0;
  let last = -1;
  try {
    for (;;) {
      const written = countLines(output) - before;
      const sizes = await admin.count(queues);
      const inFlight = await admin.inFlight(queues);
      const waiting = Object.values(sizes).reduce((a, b) => a + b, 0) + Object.values(inFlight).reduce((a, b) => a + b, 0);
      const busiest = Object.entries(sizes).sort((a, b) => b[1] - a[1])[0];
      progress.update(`${written} events written (${rate(written, progress.elapsedSeconds())}), ${waiting} in queues${busiest && busiest[1] ? `, busiest ${busiest[0]}: ${busiest[1]}` : ''}`);
      const idle = !existsSync(feed) && waiting === 0;
      if (idle && written === last) {
        stableSince ||= Date.now();
        if (Date.now() - stableSince > 2000) break;
      } else {
        stableSince = 0;
      }
      last = written;
      if (progress.elapsedSeconds() > opts.timeoutSeconds) {
        progress.done(`Stopped waiting after ${opts.timeoutSeconds}s with ${written} events written; see \`intelmqctl status\`.`);
        return 1;
      }
      await sleep(250);
    }
    const written = countLines(output) - before;
    progress.done(`${written} events written to ${output} in ${progress.elapsedSeconds().toFixed(1)}s.`);
  } finally {
    await admin.close();
  }
  reportDumps(paths.loggingPath);
  console.log('\nLook around:');
  console.log(`  INTELMQ_ROOT_DIR=${choice.root} npx intelmqctl status`);
  console.log(`  INTELMQ_ROOT_DIR=${choice.root} npx intelmqctl list queues-and-status`);
  console.log(`  head -n 3 ${output}`);
  if (opts.stopAfter) return ctl(env, 'stop');
  console.log(`The bots keep running; stop them with: INTELMQ_ROOT_DIR=${choice.root} npx intelmqctl stop`);
  return 0;
}

function reportDumps(loggingPath: string): void {
  if (!existsSync(loggingPath)) return;
  for (const name of readdirSync(loggingPath).filter((n) => n.endsWith('.dump'))) {
    const file = join(loggingPath, name);
    if (!statSync(file).size) continue;
    const entries = Object.keys(readDump(file)).length;
    const bot = name.slice(0, -'.dump'.length);
    console.log(`\n${entries} message(s) could not be processed by ${bot}; they are kept in ${file}.`);
    console.log(`  Inspect, fix and re-queue them with: npx intelmqdump ${bot}`);
  }
}
