import { Type } from '@sinclair/typebox';
import { defineParser } from '../../../bot/declaration.ts';
import { jsonParsing } from '../../../bot/parse-helpers.ts';
import type { Report } from '../../../message/index.ts';

type Entry = Record<string, unknown>;

export const bot = defineParser({
  module: 'intelmq.bots.parsers.cznic.parser_haas',
  name: 'CZ.NIC HaaS',
  description: 'Parses the CZ.NIC Honeypot as a Service (SSH honeypot) JSON feed.',
  parameters: Type.Object({}),
  create(ctx) {
    const json = jsonParsing();
    return {
      ...json,
      parseLine(entry: Entry, report: Report) {
        const event = ctx.newEvent(report);
        event.add('source.ip', entry['ip']);
        event.add('time.source', entry['time']);
        event.add('protocol.transport', 'tcp');
        event.add('protocol.application', 'ssh');
        event.add('destination.port', 22);
        event.add('extra', Object.fromEntries(Object.entries(entry).filter(([k]) => k === 'time_closed' || k === 'commands')));
        event.add('raw', json.recoverLine(entry));
        if (entry['country']) event.add('source.geolocation.cc', entry['country']);
        if (entry['login_successful']) {
          event.add('classification.type', 'system-compromise');
        } else {
          event.add('classification.type', 'brute-force');
          event.add('extra.count', 1);
        }
        return event;
      },
    };
  },
});
