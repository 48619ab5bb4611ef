import { Type } from '@sinclair/typebox';
import { defineParser } from '../../../bot/declaration.ts';
import { jsonParsing, reportText } from '../../../bot/parse-helpers.ts';
import type { Report } from '../../../message/index.ts';

type Entry = Record<string, unknown>;

/** Fields whose values describe the original feed, not this event. */
const RENAMED: Readonly<Record<string, string>> = {
  'feed.name': 'extra.original_feed_name',
  'time.observation': 'extra.original_time_observation',
};

export const bot = defineParser({
  module: 'intelmq.bots.parsers.cznic.parser_proki',
  name: 'CZ.NIC PROKI',
  description: 'Parses the CZ.NIC PROKI feed (malicious addresses in Czech networks); its keys are harmonization fields already.',
  parameters: Type.Object({}),
  create(ctx) {
    const json = jsonParsing();
    return {
      *parse(report: Report): Iterable<Entry> {
        let doc = JSON.parse(reportText(report)) as unknown;
        if (doc && typeof doc === 'object' && !Array.isArray(doc) && 'data' in doc) doc = (doc as Entry)['data'];
        yield* doc as Iterable<Entry>;
      },
      recoverLine: json.recoverLine,
      parseLine(entry: Entry, report: Report) {
        const event = ctx.newEvent(report);
        for (const [field, value] of Object.entries(entry)) event.add(RENAMED[field] ?? field, value);
        event.add('raw', json.recoverLine(entry));
        return event;
      },
    };
  },
});
