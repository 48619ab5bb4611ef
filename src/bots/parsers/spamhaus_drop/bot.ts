import { Type } from '@sinclair/typebox';
import { defineParser } from '../../../bot/declaration.ts';
import { lineParsing } from '../../../bot/parse-helpers.ts';
import type { ParseState } from '../../../bot/parse-state.ts';
import type { Report } from '../../../message/index.ts';

const LAST_MODIFIED = /^;\s*Last-Modified:\s*(.+)$/;
/** ASN-DROP: `AS260 ; AE | XCONNECT24 - Xconnect24 Inc., US` */
const ASN_LINE = /^AS\d+\s*;/i;

export const bot = defineParser({
  module: 'intelmq.bots.parsers.spamhaus.parser_drop',
  name: 'Spamhaus DROP',
  description: 'Parses the Spamhaus DROP, EDROP, DROPv6 (networks) and ASN-DROP lists; the Last-Modified header line becomes time.source.',
  parameters: Type.Object({}),
  create(ctx) {
    return {
      ...lineParsing(),
      parseLine(line: string, report: Report, state: ParseState) {
        if (line.startsWith(';')) {
          state.tempdata.push(line);
          const modified = LAST_MODIFIED.exec(line);
          if (modified) state.custom['modified'] = modified[1]!.trim();
          return null;
        }
        const event = ctx.newEvent(report);
        if (ASN_LINE.test(line)) {
          const [asn, info = ''] = line.split(';');
          const [cc = '', ...name] = info.split('|');
          event.add('source.asn', asn!.trim());
          event.add('source.geolocation.cc', cc.trim());
          event.add('source.as_name', name.join('|').trim());
        } else {
          const [network, blocklist] = line.split(';');
          event.add('source.network', network!.trim());
          event.add('extra.blocklist', blocklist?.trim());
        }
        if (state.custom['modified']) event.add('time.source', state.custom['modified']);
        event.add('classification.type', 'spam');
        event.add('raw', line);
        return event;
      },
    };
  },
});
