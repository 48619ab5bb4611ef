import { Type } from '@sinclair/typebox';
import { defineParser } from '../../../bot/declaration.ts';
import { reportText, splitlines } from '../../../bot/parse-helpers.ts';
import type { ParseState } from '../../../bot/parse-state.ts';
import { pyJsonDumps, type Report } from '../../../message/index.ts';
import { parseAzure } from './azure.ts';
import { parseInterflow } from './interflow.ts';

/** A record and how it appeared in the report (for `raw`). */
interface CtipRecord {
  entry: Record<string, unknown> | undefined;
  text: string;
}

export const bot = defineParser({
  module: 'intelmq.bots.parsers.microsoft.parser_ctip',
  name: 'Microsoft CTIP',
  description: 'Parses Microsoft CTIP (Cyber Threat Intelligence Program) data from Interflow (JSON list) or Azure (JSON lines).',
  parameters: Type.Object({
    overwrite: Type.Boolean({ default: true, description: "Replace the report's feed.name with the CTIP DataFeed name (Azure format)." }),
  }),
  create(ctx) {
    return {
      *parse(report: Report, state: ParseState): Iterable<CtipRecord> {
        const text = reportText(report).trim();
        state.custom['interflow'] = text.startsWith('[');
        if (state.custom['interflow']) {
          const doc = JSON.parse(text) as unknown;
          if (!Array.isArray(doc)) throw new TypeError('The JSON document is not a list.');
          for (const entry of doc as Array<Record<string, unknown>>) yield { entry, text: pyJsonDumps([entry]) };
          return;
        }
        for (const line of splitlines(text)) {
          if (!line.trim()) continue;
          state.currentLine = line;
          // A broken line fails on its own in parseLine.
          let entry: Record<string, unknown> | undefined;
          try {
            entry = JSON.parse(line) as Record<string, unknown>;
          } catch {
            entry = undefined;
          }
          yield { entry, text: line };
        }
      },
      recoverLine(record: CtipRecord): string {
        return record.text;
      },
      parseLine(record: CtipRecord, report: Report, state: ParseState) {
        if (!record.entry || typeof record.entry !== 'object') throw new SyntaxError(`Line is not a JSON object: ${record.text}`);
        const event = ctx.newEvent(report);
        if (state.custom['interflow']) parseInterflow(event, record.entry);
        else parseAzure(event, record.entry, ctx.params.overwrite);
        event.add('raw', record.text);
        return event;
      },
    };
  },
});
