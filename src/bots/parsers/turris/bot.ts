import { Type } from '@sinclair/typebox';
import { defineParser } from '../../../bot/declaration.ts';
import { csvDictParsing } from '../../../bot/parse-helpers.ts';
import type { ParseState } from '../../../bot/parse-state.ts';
import type { Event, Report } from '../../../message/index.ts';

/** Ports of the brute-forced services; SMTP uses 25 and 587, so it gets none. */
const PORTS: Readonly<Record<string, number>> = { ftp: 21, telnet: 23, http: 80 };
const BRUTE_FORCE = new Set(['smtp', 'http', 'ftp', 'telnet']);

export const bot = defineParser({
  module: 'intelmq.bots.parsers.turris.parser',
  name: 'Turris Greylist',
  description: 'Parses the Turris greylist CSV: one event per brute-force or port-scan tag of an address.',
  parameters: Type.Object({}),
  create(ctx) {
    const csv = csvDictParsing({ ignoreLinesStarting: ['#'] });
    return {
      ...csv,
      parseLine(row: Record<string, string>, report: Report, state: ParseState) {
        const events: Event[] = [];
        for (const tag of (row['Tags'] ?? '').split(',')) {
          const event = ctx.newEvent(report);
          if (BRUTE_FORCE.has(tag)) {
            event.add('protocol.transport', 'tcp');
            event.add('protocol.application', tag);
            event.add('classification.type', 'brute-force');
            event.add('destination.port', PORTS[tag]);
          } else if (tag === 'port_scan') {
            event.add('classification.type', 'scanner');
          } else {
            // haas, haas_logged, ...: the CZ.NIC HaaS feed carries these honeypot data better.
            continue;
          }
          event.add('raw', csv.recoverLine(row, state));
          event.add('source.ip', row['Address']);
          events.push(event);
        }
        return events;
      },
    };
  },
});
