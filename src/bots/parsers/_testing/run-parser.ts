/** Runs a parser on one report in memory, for the parsers' unit tests. */
import { createInMemoryBot } from '../../../conformance/harness.ts';
import type { BotDeclaration } from '../../../bot/declaration.ts';
import { packagedHarmonization, Report } from '../../../message/index.ts';

export type EventDict = Record<string, unknown>;

export async function runParser(bot: BotDeclaration, text: string, fields: Record<string, unknown> = {}, params: Record<string, unknown> = {}) {
  const report = new Report(packagedHarmonization(), { 'feed.name': 'Test feed', 'time.observation': '2018-01-22T14:38:24+00:00', ...fields });
  report.add('raw', text);
  const b = await createInMemoryBot(bot, { params, paths: ['_default'], harmonization: packagedHarmonization() });
  try {
    const { output, dumps } = await b.run([report.serialize()]);
    return {
      events: output['_default']!.map((m) => JSON.parse(m) as EventDict),
      /** The decoded `raw` of each dumped message. */
      dumps: dumps.map((d) => decodeRaw((JSON.parse(d.message) as { raw?: string }).raw)),
      logger: b.logger,
    };
  } finally {
    await b.close();
  }
}

export function decodeRaw(raw: unknown): string {
  return Buffer.from(String(raw ?? ''), 'base64').toString('utf8');
}
