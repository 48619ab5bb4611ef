/** Walks a vector folder and runs every bot vector (`*.json`) and field-type vector (lines of `*.jsonl`). */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Harmonization, packagedHarmonization } from '../message/index.ts';
import { runBotVector } from './bot-vectors.ts';
import { checkHarmonizationVector, parseHarmonizationLine } from './harmonization-vectors.ts';
import type { BotVector } from './vector.ts';

export interface ConformanceSummary {
  passed: number;
  failed: number;
  skipped: number;
  failures: Array<{ id: string; problems: string[] }>;
  skips: Array<{ id: string; reason: string }>;
}

function* walk(dir: string): Iterable<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'files') yield* walk(p);
    } else if (entry.name.endsWith('.json') || entry.name.endsWith('.jsonl')) {
      yield p;
    }
  }
}

export async function runConformance(dir: string, opts: { filter?: RegExp; onResult?: (id: string, status: string, detail?: string[]) => void } = {}): Promise<ConformanceSummary> {
  const harmonizationFile = join(dir, 'files/intelmq/etc/harmonization.conf');
  const harmonization = existsSync(harmonizationFile) ? Harmonization.fromFile(harmonizationFile) : packagedHarmonization();
  const s: ConformanceSummary = { passed: 0, failed: 0, skipped: 0, failures: [], skips: [] };
  const record = (id: string, problems: string[] | null, skipReason?: string) => {
    if (skipReason) {
      s.skipped++;
      s.skips.push({ id, reason: skipReason });
      opts.onResult?.(id, 'skipped', [skipReason]);
    } else if (problems && problems.length) {
      s.failed++;
      s.failures.push({ id, problems });
      opts.onResult?.(id, 'failed', problems);
    } else {
      s.passed++;
      opts.onResult?.(id, 'passed');
    }
  };
  for (const file of walk(dir)) {
    const rel = relative(dir, file);
    if (file.endsWith('.jsonl')) {
      const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim());
      for (const [i, line] of lines.entries()) {
        const id = `${rel}:${i + 1}`;
        if (opts.filter && !opts.filter.test(id)) continue;
        const v = parseHarmonizationLine(line);
        const r = checkHarmonizationVector(v);
        if (r === 'unknown-type') record(id, null, `harmonization type ${v.type} is not implemented`);
        else record(`${id} ${v.type} ${JSON.stringify(v.input)}`, r);
      }
      continue;
    }
    const v = JSON.parse(readFileSync(file, 'utf8')) as BotVector;
    if (!v.module || !v.test) continue;
    if (opts.filter && !opts.filter.test(v.test)) continue;
    const outcome = await runBotVector(v, dir, harmonization);
    if (outcome.status === 'skipped') record(v.test, null, outcome.reason);
    else record(v.test, outcome.status === 'failed' ? outcome.problems : []);
  }
  return s;
}
