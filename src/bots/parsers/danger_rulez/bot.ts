import { Type } from '@sinclair/typebox';
import { defineParser } from '../../../bot/declaration.ts';
import { lineParsing } from '../../../bot/parse-helpers.ts';
import type { ParseState } from '../../../bot/parse-state.ts';
import type { Report } from '../../../message/index.ts';

/** `203.0.113.48\t\t# 2016-11-10 09:11:03\t\t56\t1101973` (IP, last reported, count, id). */
const LINE = /^(\S+)\s+#\s*(\d{4}-\d{2}-\d{2}\s+\d{1,2}:\d{2}:\d{2})/;

export const bot = defineParser({
  module: 'intelmq.bots.parsers.danger_rulez.parser',
  name: 'Danger Rulez',
  description: 'Parses the Danger Rulez BruteForceBlocker list (SSH brute-force sources).',
  parameters: Type.Object({}),
  create(ctx) {
    return {
      ...lineParsing(),
      parseLine(line: string, report: Report, state: ParseState) {
        if (line.startsWith('#')) {
          state.tempdata.push(line);
          return null;
        }
        const m = LINE.exec(line);
        if (!m) throw new Error(`Unknown line format: '${line}'.`);
        const event = ctx.newEvent(report);
        event.add('source.ip', m[1]);
        event.add('time.source', `${m[2]} UTC`);
        event.add('classification.type', 'brute-force');
        event.add('raw', line);
        return event;
      },
    };
  },
});
