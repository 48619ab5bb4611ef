/** Runs one bot vector (all its runs) against our implementation of its module. */
import { isAbsolute, join } from 'node:path';
import { Redis } from 'ioredis';
import { loadBot, findBot } from '../bots/registry.ts';
import { pyJsonDumps, type Harmonization } from '../message/index.ts';
import { createInMemoryBot, HARNESS_DEFAULTS, type InMemoryBot } from './harness.ts';
import { diffMessages, formatDiff, normalise } from './compare.ts';
import type { BotVector, VectorRun, WireDict } from './vector.ts';

export type VectorOutcome = { status: 'passed' } | { status: 'skipped'; reason: string } | { status: 'failed'; problems: string[] };

/** Parameters that name data files are given relative to the vector folder. */
function resolveFiles(params: Record<string, unknown>, dir: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) {
    out[k] = typeof v === 'string' && v.startsWith('files/') && !isAbsolute(v) ? join(dir, v) : v;
  }
  return out;
}

function toWire(msg: WireDict): string {
  if ('__unparsable__' in msg) return String(msg['__unparsable__']);
  return pyJsonDumps(msg);
}

async function seedCache(run: VectorRun, params: Record<string, unknown>): Promise<void> {
  if (!run.cache_before) return;
  const redis = new Redis({ host: String(params['redis_cache_host'] ?? '127.0.0.1'), port: Number(params['redis_cache_port'] ?? 6379), db: Number(params['redis_cache_db'] ?? 4), lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    await redis.flushdb();
    for (const [key, { value, ttl }] of Object.entries(run.cache_before)) {
      if (ttl > 0) await redis.set(key, value, 'EX', ttl);
      else await redis.set(key, value);
    }
  } finally {
    redis.disconnect();
  }
}

export async function runBotVector(v: BotVector, dir: string, harmonization: Harmonization): Promise<VectorOutcome> {
  if (!findBot(v.module)) return { status: 'skipped', reason: `bot module ${v.module} is not implemented` };
  const runs = v.runs ?? [v];
  if (v.clock_dependent || runs.some((r) => r.clock_dependent)) {
    return { status: 'skipped', reason: 'clock-dependent: its expected values hold only at extraction time' };
  }
  const problems: string[] = [];
  const history: Array<Record<string, string[]>> = [];
  let bot: InMemoryBot | undefined;
  try {
    const declaration = await loadBot(v.module);
    for (const [i, run] of runs.entries()) {
      const params = resolveFiles({ ...(run.parameters ?? {}) }, dir);
      const paths = run.paths ?? ['_default'];
      if (run.new_instance !== false || !bot) {
        await bot?.close();
        await seedCache(run, { ...HARNESS_DEFAULTS, ...params });
        bot = await createInMemoryBot(declaration, { params, paths, harmonization });
      }
      const errorsBefore = bot.logger.count('ERROR');
      const input = [...(run.input_internal ?? []), ...(run.input ?? [])].map(toWire);
      const { output } = await bot.run(input);
      history.push(output);
      const prefix = runs.length > 1 ? `run ${i}: ` : '';
      const volatile = (run.volatile_fields ?? v.volatile_fields ?? []).filter((f) => !f.startsWith('<'));
      for (const [j, exp] of (run.expected ?? []).entries()) {
        const at = run.expected_at?.[j] ?? { path: '_default', pos: j, compare_raw: true };
        const got = output[at.path]?.[at.pos];
        if (got === undefined) {
          problems.push(`${prefix}expected message ${j} at ${at.path}[${at.pos}] was not produced`);
          continue;
        }
        const diffs = diffMessages(normalise(exp, { compareRaw: at.compare_raw, volatile: [] }), normalise(JSON.parse(got) as WireDict, { compareRaw: at.compare_raw, volatile: [] }));
        if (diffs.length) problems.push(`${prefix}message ${j} at ${at.path}[${at.pos}] differs:\n${formatDiff(diffs)}`);
      }
      for (const c of run.expected_counts ?? []) {
        const from = c.counted_from_run ?? i;
        const upto = c.after_run ?? i;
        let len = 0;
        for (let r = from; r <= upto && r < history.length; r++) len += history[r]![c.path]?.length ?? 0;
        if (len !== c.len) problems.push(`${prefix}path ${c.path}: expected ${c.len} message(s), got ${len}`);
      }
      const hasUnmatchable = (run.volatile_fields ?? v.volatile_fields ?? []).some((f) => f.startsWith('<'));
      for (const [path, msgs] of Object.entries(run.output ?? {})) {
        const ours = output[path] ?? [];
        if (ours.length !== msgs.length) {
          problems.push(`${prefix}path ${path}: reference emitted ${msgs.length} message(s), we emitted ${ours.length}`);
          continue;
        }
        if (hasUnmatchable) continue;
        for (const [k, ref] of msgs.entries()) {
          const diffs = diffMessages(normalise(ref, { compareRaw: true, volatile }), normalise(JSON.parse(ours[k]!) as WireDict, { compareRaw: true, volatile }));
          if (diffs.length) problems.push(`${prefix}output ${path}[${k}] differs from the reference:\n${formatDiff(diffs)}`);
        }
      }
      const refErrors = run.log?.errors ?? 0;
      const ourErrors = bot.logger.count('ERROR') - errorsBefore;
      if (refErrors > 0 && ourErrors === 0) problems.push(`${prefix}the reference logged ${refErrors} error(s), we logged none`);
      if (refErrors === 0 && ourErrors > 0) {
        problems.push(`${prefix}we logged ${ourErrors} error(s) where the reference logged none: ${bot.logger.lines.filter((l) => l.level === 'ERROR').map((l) => l.message.split('\n').slice(0, 3).join(' | ')).join('; ')}`);
      }
    }
  } catch (e) {
    problems.push(`bot raised: ${(e as Error).stack ?? String(e)}`);
  } finally {
    await bot?.close().catch(() => undefined);
  }
  return problems.length ? { status: 'failed', problems } : { status: 'passed' };
}
