/** Message comparison as IntelMQ's assertMessageEqual does it, with a field-by-field diff. */
import { isDeepStrictEqual } from 'node:util';
import type { WireDict } from './vector.ts';

export interface FieldDiff {
  key: string;
  expected?: unknown;
  actual?: unknown;
}

export function normalise(msg: WireDict, opts: { compareRaw: boolean; volatile: readonly string[] }): WireDict {
  const out: WireDict = { ...msg };
  delete out['time.observation'];
  if (!opts.compareRaw) delete out['raw'];
  for (const v of opts.volatile) delete out[v];
  if (typeof out['output'] === 'string') {
    try {
      out['output'] = JSON.parse(out['output'] as string);
    } catch {
      // Not JSON: compared as the string it is.
    }
  }
  return out;
}

export function diffMessages(expected: WireDict, actual: WireDict): FieldDiff[] {
  const diffs: FieldDiff[] = [];
  const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
  for (const key of [...keys].sort()) {
    const e = expected[key];
    const a = actual[key];
    if (!(key in actual)) diffs.push({ key, expected: e });
    else if (!(key in expected)) diffs.push({ key, actual: a });
    else if (!isDeepStrictEqual(e, a)) diffs.push({ key, expected: e, actual: a });
  }
  return diffs;
}

export function formatDiff(diffs: FieldDiff[]): string {
  return diffs
    .map((d) => {
      if (!('actual' in d)) return `      - ${d.key}: ${JSON.stringify(d.expected)} (missing)`;
      if (!('expected' in d)) return `      + ${d.key}: ${JSON.stringify(d.actual)} (unexpected)`;
      return `      ~ ${d.key}: expected ${JSON.stringify(d.expected)}, got ${JSON.stringify(d.actual)}`;
    })
    .join('\n');
}
