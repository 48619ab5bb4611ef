import { Type } from '@sinclair/typebox';
import { defineParser } from '../../../bot/declaration.ts';
import { lineParsing } from '../../../bot/parse-helpers.ts';
import type { Event, Report } from '../../../message/index.ts';

/** Reputation categories of the AlienVault reputation list; anything else is "unknown" (undetermined). */
const CLASSIFICATION: Readonly<Record<string, string>> = {
  'c&c': 'c2-server',
  'scanning host': 'scanner',
  'malicious host': 'infected-system',
  'spamming': 'spam',
  'malware domain': 'malware-distribution',
  'malware ip': 'malware-distribution',
  'malware distribution': 'malware-distribution',
};

export const bot = defineParser({
  module: 'intelmq.bots.parsers.alienvault.parser',
  name: 'AlienVault',
  description: 'Parses the AlienVault IP reputation list (`ip#risk#reliability#categories#cc#city#lat,long#...`), one event per category.',
  parameters: Type.Object({}),
  create(ctx) {
    return {
      ...lineParsing(),
      parseLine(line: string, report: Report) {
        const values = line.split('#');
        if (values.length < 7) throw new Error(`Line has ${values.length} fields, expected at least 7: '${line}'.`);
        const categories = values[3]!.trim().indexOf(';') > 0 ? values[3]!.split(';') : [values[3]!];
        const coordinates = values[6]!.trim().split(',');
        // Upstream needs both coordinates; without them the line fails.
        if (!values[6]!.trim() || coordinates.length !== 2) throw new Error(`No geographic coordinates in line '${line}'.`);
        const events: Event[] = [];
        for (const category of categories) {
          const event = ctx.newEvent(report);
          event.add('classification.type', CLASSIFICATION[category.toLowerCase()] ?? 'unknown');
          event.add('source.ip', values[0]!.trim());
          event.add('source.geolocation.cc', values[4]!.trim());
          event.add('source.geolocation.city', values[5]!.trim());
          event.add('source.geolocation.latitude', coordinates[0]!.trim());
          event.add('source.geolocation.longitude', coordinates[1]!.trim());
          event.add('raw', line);
          events.push(event);
        }
        return events;
      },
    };
  },
});
