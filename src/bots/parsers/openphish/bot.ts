import { Type } from '@sinclair/typebox';
import { defineParser } from '../../../bot/declaration.ts';
import { lineParsing } from '../../../bot/parse-helpers.ts';
import type { Report } from '../../../message/index.ts';

export const bot = defineParser({
  module: 'intelmq.bots.parsers.openphish.parser',
  name: 'OpenPhish',
  description: 'Parses the free OpenPhish feed, one phishing URL per line.',
  parameters: Type.Object({}),
  create(ctx) {
    return {
      ...lineParsing({ ignoreLinesStarting: ['#'] }),
      parseLine(line: string, report: Report) {
        const event = ctx.newEvent(report);
        event.add('classification.type', 'phishing');
        event.add('source.url', line);
        event.add('raw', line);
        return event;
      },
    };
  },
});
