import { Type } from '@sinclair/typebox';
import { defineParser } from '../../../bot/declaration.ts';
import { jsonParsing } from '../../../bot/parse-helpers.ts';
import type { Report } from '../../../message/index.ts';
import { convertDateTime } from '../../../message/types/index.ts';

type FeodoEntry = Record<string, unknown>;

export const bot = defineParser({
  module: 'intelmq.bots.parsers.abusech.parser_feodotracker',
  name: 'Abuse.ch Feodo Tracker',
  description: 'Parses the Abuse.ch Feodo Tracker JSON feed (botnet C2 servers).',
  parameters: Type.Object({}),
  create(ctx) {
    const json = jsonParsing();
    /** A date the feed cannot be read from is only worth a warning: the event stays useful. */
    function timeSource(entry: FeodoEntry): string | undefined {
      const [value, format] = entry['first_seen']
        ? [entry['first_seen'], 'from_format|%Y-%m-%d %H:%M:%S']
        : entry['last_online']
          ? [entry['last_online'], 'from_format_midnight|%Y-%m-%d']
          : [undefined, undefined];
      if (value === undefined) return undefined;
      try {
        return String(convertDateTime(value, format));
      } catch {
        ctx.logger.warning(`Failed to parse '${String(value)}' to DateTime.`);
        return undefined;
      }
    }
    return {
      parse: json.parse,
      recoverLine: json.recoverLine,
      parseLine(entry: FeodoEntry, report: Report) {
        const event = ctx.newEvent(report);
        const time = timeSource(entry);
        if (time !== undefined) event.add('time.source', time, { raiseFailure: false });
        event.add('classification.type', 'c2-server');
        event.add('source.ip', entry['ip_address']);
        event.add('source.port', entry['port']);
        event.add('source.asn', entry['as_number'], { raiseFailure: false });
        event.add('source.as_name', entry['as_name'], { raiseFailure: false });
        event.add('source.geolocation.cc', entry['country'], { raiseFailure: false });
        event.add('source.reverse_dns', entry['hostname'], { raiseFailure: false });
        event.add('malware.name', entry['malware'], { raiseFailure: false });
        event.add('extra.last_online', entry['last_online'], { raiseFailure: false });
        event.add('status', entry['status'], { raiseFailure: false });
        event.add('raw', json.recoverLine(entry));
        return event;
      },
    };
  },
});
