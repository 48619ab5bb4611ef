import { Type } from '@sinclair/typebox';
import { defineParser } from '../../../bot/declaration.ts';
import { reportText } from '../../../bot/parse-helpers.ts';
import type { Report } from '../../../message/index.ts';

interface Entry {
  /** Identifier of the DGA (`banjori_dga_...`); its first part is the malware name. */
  key: string;
  value: string;
}

export const bot = defineParser({
  module: 'intelmq.bots.parsers.fraunhofer.parser_dga',
  name: 'Fraunhofer DGA',
  description: 'Parses the Fraunhofer DGA archive JSON (DGA identifier → list of domains or addresses).',
  parameters: Type.Object({}),
  create(ctx) {
    return {
      *parse(report: Report): Iterable<Entry> {
        const doc = JSON.parse(reportText(report)) as Record<string, unknown>;
        for (const [key, values] of Object.entries(doc)) {
          for (const value of Array.isArray(values) ? values : []) yield { key, value: String(value) };
        }
      },
      recoverLine(entry: Entry): string {
        return entry.value;
      },
      parseLine(entry: Entry, report: Report) {
        const event = ctx.newEvent(report);
        event.add('classification.type', 'c2-server');
        event.add('malware.name', entry.key.split('_')[0]);
        if (!event.add('source.ip', entry.value, { raiseFailure: false })) event.add('source.fqdn', entry.value);
        event.add('raw', entry.value);
        return event;
      },
    };
  },
});
