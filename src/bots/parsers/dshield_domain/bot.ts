import { Type } from '@sinclair/typebox';
import { defineParser } from '../../../bot/declaration.ts';
import { reportText, splitlines } from '../../../bot/parse-helpers.ts';
import type { ParseState } from '../../../bot/parse-state.ts';
import type { Report } from '../../../message/index.ts';

export const bot = defineParser({
  module: 'intelmq.bots.parsers.dshield.parser_domain',
  name: 'DShield Suspicious Domains',
  description: 'Parses the DShield suspicious domain lists; the list update time becomes time.source.',
  parameters: Type.Object({}),
  create(ctx) {
    return {
      *parse(report: Report, state: ParseState): Iterable<string> {
        for (const row of splitlines(reportText(report))) {
          if (row.startsWith('#') || !row || row === 'Site') {
            // `#    updated: Tue Dec 22 04:10:10 2015 UTC`
            if (row.includes('updated')) state.custom['updated'] = row.slice(row.indexOf(': ') + 2);
            continue;
          }
          state.currentLine = row;
          yield row;
        }
      },
      recoverLine(row: string): string {
        return row;
      },
      parseLine(row: string, report: Report, state: ParseState) {
        const event = ctx.newEvent(report);
        event.add('classification.type', 'malware-distribution');
        event.add('source.fqdn', row.trim());
        event.add('time.source', state.custom['updated']);
        event.add('raw', row);
        return event;
      },
    };
  },
});
