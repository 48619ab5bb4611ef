import { Type } from '@sinclair/typebox';
import { defineParser } from '../../../bot/declaration.ts';
import { reportText } from '../../../bot/parse-helpers.ts';
import type { Event, Report } from '../../../message/index.ts';
import { networkValues, topIndicatorItems } from './openioc.ts';

export const bot = defineParser({
  module: 'intelmq.bots.parsers.fireeye.parser',
  name: 'FireEye',
  description:
    'Parses FireEye Malware Analysis System alerts (OpenIOC XML): the sample hashes, and with network indicators the contacted host, port and URL.',
  parameters: Type.Object({}),
  create(ctx) {
    return {
      *parse(report: Report): Iterable<string> {
        yield reportText(report);
      },
      recoverLine: (text: string) => text,
      parseLine(text: string, report: Report) {
        const items = topIndicatorItems(text);
        const events: Event[] = [];
        const noIocs = () => {
          ctx.logger.info('No IOCs Available.');
          return events;
        };
        if (!items) return noIocs();
        let event = ctx.newEvent(report);
        let md5: string | undefined;
        for (const item of items) {
          if (item.search === undefined || item.content === undefined) return noIocs();
          if (item.search === 'FileItem/Md5sum') {
            md5 = item.content;
            event.add('malware.hash.md5', md5);
          }
          if (item.search !== 'FileItem/Sha256sum') continue;
          const sha256 = item.content;
          event.add('malware.hash.sha256', sha256);
          event.add('classification.type', 'malware');
          event.add('raw', text);
          events.push(event.copy());
          // The alert's own metadata and its nested (network) indicator follow as text.
          const parts = text.split('<Indicator id');
          const alertId = parts[0]!.split('"alert_id">')[1];
          if (alertId === undefined) throw new RangeError('The alert has no alert_id.');
          ctx.logger.debug(`Alert ${alertId.split('<')[0]!}, sha256 ${sha256}.`);
          const network = parts[2];
          if (network === undefined) throw new RangeError('The alert has no nested indicator.');
          event = ctx.newEvent(report);
          if (!network.includes('Network')) continue;
          if (md5 === undefined) throw new RangeError('The MD5 hash must precede the SHA-256 hash.');
          event.add('classification.type', 'malware-distribution');
          event.add('raw', text);
          event.add('malware.hash.sha256', sha256);
          event.add('malware.hash.md5', md5);
          for (const [field, value] of networkValues(network)) event.add(field, value);
          events.push(event.copy());
        }
        return events;
      },
    };
  },
});
