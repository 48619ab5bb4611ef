import { Type } from '@sinclair/typebox';
import { defineParser } from '../../../bot/declaration.ts';
import { reportText, splitlines } from '../../../bot/parse-helpers.ts';
import type { ParseState } from '../../../bot/parse-state.ts';
import type { Report } from '../../../message/index.ts';
import { parseCurrent } from './current.ts';
import { parseLegacy } from './legacy.ts';

export const bot = defineParser({
  module: 'intelmq.bots.parsers.cymru.parser_cap_program',
  name: 'Cymru CAP Program',
  description: 'Parses Team Cymru CAP (CSIRT Assistance Program) reports, in the current (`#generated on`) and the legacy format.',
  parameters: Type.Object({}),
  create(ctx) {
    return {
      *parse(report: Report, state: ParseState): Iterable<string> {
        state.custom['current'] = false;
        for (const raw of splitlines(reportText(report))) {
          const line = raw.trim();
          if (line.startsWith('#')) {
            state.tempdata.push(line);
            if (line.includes('generated on')) state.custom['current'] = true;
            continue;
          }
          state.currentLine = line;
          yield line;
        }
      },
      recoverLine(line: string | undefined, state: ParseState): string {
        return [...state.tempdata, line ?? state.currentLine ?? ''].join('\n');
      },
      parseLine(line: string, report: Report, state: ParseState) {
        const event = ctx.newEvent(report);
        event.add('raw', [...state.tempdata, line].join('\n'));
        if (state.custom['current']) return parseCurrent(event, line);
        parseLegacy(event, line);
        return event;
      },
    };
  },
});
