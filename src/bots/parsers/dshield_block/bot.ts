import { Type } from '@sinclair/typebox';
import { defineParser } from '../../../bot/declaration.ts';
import { lineParsing } from '../../../bot/parse-helpers.ts';
import type { ParseState } from '../../../bot/parse-state.ts';
import type { Report } from '../../../message/index.ts';
import { pyInt } from '../shadowserver/conversions.ts';

const UPDATED = /^#\s*updated:\s*(.+)$/i;

export const bot = defineParser({
  module: 'intelmq.bots.parsers.dshield.parser_block',
  name: 'DShield Block',
  description: 'Parses the DShield recommended block list (top attacking /24 networks); the list time becomes time.source.',
  parameters: Type.Object({}),
  create(ctx) {
    return {
      ...lineParsing(),
      parseLine(line: string, report: Report, state: ParseState) {
        if (line.startsWith('#')) {
          state.tempdata.push(line);
          const updated = UPDATED.exec(line);
          if (updated) state.custom['updated'] = updated[1]!.trim();
          return null;
        }
        if (line.startsWith('Start\t')) {
          state.tempdata.push(line);
          return null;
        }
        const [start, , prefix, attacks, name, country, email] = line.split('\t');
        if (attacks === undefined) throw new Error(`Expected tab-separated columns: '${line}'.`);
        const event = ctx.newEvent(report);
        event.add('source.network', `${start}/${prefix}`);
        event.add('extra.attacks', pyInt(attacks));
        event.add('extra.network_name', name);
        event.add('source.geolocation.cc', country);
        event.add('source.abuse_contact', email);
        if (state.custom['updated']) event.add('time.source', state.custom['updated']);
        event.add('classification.type', 'blacklist');
        event.add('raw', line);
        return event;
      },
    };
  },
});
