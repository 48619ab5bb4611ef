import { Type } from '@sinclair/typebox';
import { defineParser } from '../../../bot/declaration.ts';
import { reportText } from '../../../bot/parse-helpers.ts';
import { pyJsonDumps, type Report } from '../../../message/index.ts';
import { pyJsonLoads, unboxed } from '../json/pyjson-loads.ts';

type Entry = Record<string, unknown>;

/** Fields whose values describe the original feed, not this event. */
const RENAMED: ReadonlyMap<string, string> = new Map([
  ['feed.name', 'extra.original_feed_name'],
  ['time.observation', 'extra.original_time_observation'],
]);

// Upstream's recover_line_json: floats keep their ".0", hence the boxed entry.
const recover = (boxed: unknown) => pyJsonDumps([boxed]);

export const bot = defineParser({
  module: 'intelmq.bots.parsers.cznic.parser_proki',
  name: 'CZ.NIC PROKI',
  description: 'Parses the CZ.NIC PROKI feed (malicious addresses in Czech networks); its keys are harmonization fields already.',
  parameters: Type.Object({}),
  create(ctx) {
    return {
      *parse(report: Report): Iterable<unknown> {
        let doc = pyJsonLoads(reportText(report), { boxFloats: true });
        if (doc && typeof doc === 'object' && !Array.isArray(doc) && 'data' in doc) doc = (doc as Entry)['data'];
        if (!Array.isArray(doc)) throw new TypeError('The PROKI response is not a list of entries.');
        yield* doc;
      },
      recoverLine: recover,
      parseLine(boxed: unknown, report: Report) {
        const event = ctx.newEvent(report);
        for (const [field, value] of Object.entries(unboxed(boxed) as Entry)) event.add(RENAMED.get(field) ?? field, value);
        // PROKI entries carry their classification; one without it is not classified.
        event.add('classification.type', 'undetermined', { overwrite: false });
        event.add('raw', recover(boxed));
        return event;
      },
    };
  },
});
