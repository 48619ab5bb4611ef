import { Type } from '@sinclair/typebox';
import { defineParser } from '../../../bot/declaration.ts';
import { lineParsing } from '../../../bot/parse-helpers.ts';
import type { ParseState } from '../../../bot/parse-state.ts';
import type { Report } from '../../../message/index.ts';

export const bot = defineParser({
  module: 'intelmq.bots.parsers.ci_army.parser',
  name: 'CI Army',
  description: 'Parses the CINS Army list (ci-badguys.txt), one IP address or network per line.',
  parameters: Type.Object({}),
  create(ctx) {
    return {
      ...lineParsing(),
      parseLine(line: string, report: Report, state: ParseState) {
        if (line.startsWith('#')) {
          state.tempdata.push(line);
          return null;
        }
        const event = ctx.newEvent(report);
        event.add(line.includes('/') ? 'source.network' : 'source.ip', line);
        event.add('classification.type', 'blacklist');
        event.add('raw', line);
        return event;
      },
    };
  },
});
