/**
 * Test support for outputs: the in-memory harness for one-by-one runs, plus
 * the runner's batch path (`processBatch`), which the harness does not drive.
 */
import { createContext } from '../../../bot/context.ts';
import type { OutputDeclaration } from '../../../bot/declaration.ts';
import { resolveParameters } from '../../../bot/params.ts';
import { BotRunner, type HandleResult } from '../../../bot/runner.ts';
import { HARNESS_DEFAULTS, MemoryLogger, createInMemoryBot } from '../../../conformance/harness.ts';
import { Event, packagedHarmonization } from '../../../message/index.ts';

export function event(fields: Record<string, unknown>): Event {
  return new Event(packagedHarmonization(), fields);
}

export const SAMPLE: Readonly<Record<string, unknown>> = Object.freeze({
  'feed.name': 'Test Feed',
  'classification.type': 'malware-distribution',
  'source.ip': '192.0.2.1',
  'source.port': 8080,
  'source.asn': 64496,
  'time.source': '2024-01-02T03:04:05+00:00',
  'feed.accuracy': 90.5,
  'extra.tag': 'ä€',
  raw: 'bGluZQ==',
});

export async function runOutput(declaration: OutputDeclaration, params: Record<string, unknown>, events: Event[]) {
  const b = await createInMemoryBot(declaration, { params, paths: [], harmonization: packagedHarmonization() });
  try {
    const result = await b.run(events.map((e) => e.serialize()));
    return { ...result, logger: b.logger };
  } finally {
    await b.close();
  }
}

export interface BatchOutput {
  logger: MemoryLogger;
  batch(events: Event[]): Promise<HandleResult[] | undefined>;
  one(e: Event): Promise<HandleResult>;
  close(): Promise<void>;
}

export async function createBatchOutput(declaration: OutputDeclaration, params: Record<string, unknown>, varStatePath = '.'): Promise<BatchOutput> {
  const logger = new MemoryLogger();
  const harmonization = packagedHarmonization();
  const resolved = resolveParameters(declaration.parameters, { ...HARNESS_DEFAULTS, ...params }, 'test-output', 'test parameters');
  const ctx = createContext({ botId: 'test-output', params: resolved, logger, harmonization, paths: { configDir: '.', varStatePath, loggingPath: null } });
  const instance = await declaration.create(ctx as never);
  const runner = new BotRunner({ declaration, instance, params: resolved, logger, paths: new Set(), harmonization });
  return {
    logger,
    batch: (events) => runner.handleBatch(events),
    one: (e) => runner.handleMessage(e),
    async close() {
      await runner.shutdown();
      await ctx.closeCache();
    },
  };
}
