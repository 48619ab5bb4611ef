/** Test support: runs a sieve text over events through the in-memory harness. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInMemoryBot, type LogLine } from '../../../conformance/harness.ts';
import { packagedHarmonization } from '../../../message/index.ts';
import { bot } from './bot.ts';

const dir = mkdtempSync(join(tmpdir(), 'sieve-test-'));
let counter = 0;

export function sieveFile(text: string): string {
  const file = join(dir, `rules-${++counter}.sieve`);
  writeFileSync(file, text);
  return file;
}

export interface SieveRun {
  /** Decoded output messages per path, without `__type`. */
  out: Record<string, Array<Record<string, unknown>>>;
  dumps: number;
  log: LogLine[];
}

export async function runSieve(text: string, events: Array<Record<string, unknown>>, paths: readonly string[] = ['_default']): Promise<SieveRun> {
  const b = await createInMemoryBot(bot, { params: { file: sieveFile(text) }, paths, harmonization: packagedHarmonization() });
  try {
    const { output, dumps } = await b.run(events.map((e) => JSON.stringify({ ...e, __type: 'Event' })));
    const out: SieveRun['out'] = {};
    for (const [path, msgs] of Object.entries(output)) {
      out[path] = msgs.map((m) => {
        const { __type: _, ...rest } = JSON.parse(m) as Record<string, unknown>;
        return rest;
      });
    }
    return { out, dumps: dumps.length, log: b.logger.lines };
  } finally {
    await b.close();
  }
}

/** For each event run on its own: its `comment` on `_default`, or `'dropped'` when nothing was sent. */
export async function comments(text: string, events: Array<Record<string, unknown>>): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const e of events) {
    const r = await runSieve(text, [e]);
    const sent = r.out['_default'] ?? [];
    out.push(sent.length ? sent[0]!['comment'] : 'dropped');
  }
  return out;
}
