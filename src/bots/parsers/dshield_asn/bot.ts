import { Type } from '@sinclair/typebox';
import { defineParser } from '../../../bot/declaration.ts';
import { lineParsing } from '../../../bot/parse-helpers.ts';
import type { ParseState } from '../../../bot/parse-state.ts';
import type { Report } from '../../../message/index.ts';
import { pyInt } from '../shadowserver/conversions.ts';

/** DShield pads every byte of the address to three digits (`109.230.155.061`). */
function unpad(ip: string): string {
  return ip.includes(':') ? ip : ip.split('.').map((b) => String(pyInt(b))).join('.');
}

export const bot = defineParser({
  module: 'intelmq.bots.parsers.dshield.parser_asn',
  name: 'DShield AS',
  description: 'Parses the DShield AS details (asdetailsascii.html?as=N): sources seen attacking, per AS.',
  parameters: Type.Object({}),
  create(ctx) {
    return {
      ...lineParsing(),
      parseLine(line: string, report: Report, state: ParseState) {
        // Comments, and the licence header some copies carry, are not data.
        if (!/^[0-9a-fA-F]/.test(line)) {
          if (line.startsWith('#')) state.tempdata.push(line);
          return null;
        }
        const [ip, reports, targets, firstSeen, lastSeen, updated] = line.split('\t');
        if (updated === undefined) throw new Error(`Expected 6 tab-separated columns: '${line}'.`);
        const asn = /[?&]as=(\d+)/.exec(String(report.get('feed.url') ?? ''))?.[1];
        const event = ctx.newEvent(report);
        event.add('source.ip', unpad(ip!));
        if (asn !== undefined) event.add('source.asn', asn);
        event.add('extra.reports', pyInt(reports!));
        event.add('extra.targets', pyInt(targets!));
        event.add('extra.first_seen', firstSeen);
        event.add('extra.last_seen', lastSeen);
        event.add('time.source', `${updated} UTC`);
        event.add('classification.type', 'brute-force');
        event.add('raw', line);
        return event;
      },
    };
  },
});
