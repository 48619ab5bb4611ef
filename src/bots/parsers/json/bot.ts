import { Type } from '@sinclair/typebox';
import { defineParser } from '../../../bot/declaration.ts';
import { reportText, splitlines } from '../../../bot/parse-helpers.ts';
import type { ParseState } from '../../../bot/parse-state.ts';
import { fromDict, pyJsonDumps, type Event, type Harmonization, type Report } from '../../../message/index.ts';
import { pyJsonLoads, unboxed } from './pyjson-loads.ts';

/**
 * One record per event: the text of an IntelMQ message (whole report, or one
 * per line) or, with `multiple_events`, one object of a JSON list. Objects,
 * not strings, so that an empty line reaches parseLine and fails as upstream.
 */
type JsonRecord = { kind: 'text'; text: string } | { kind: 'item'; item: unknown };

interface JsonState {
  /** Upstream handles the report in one `process`: the first failure ends it and the whole report is dumped. */
  failed?: boolean;
  text?: string;
}

const jsonState = (state: ParseState) => state.custom as JsonState;

/** The fields of the message a JSON object describes (`__type` absent means Event), after the usual construction checks. */
function messageFields(doc: unknown, harmonization: Harmonization): Record<string, unknown> {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new TypeError('The JSON document is not an object.');
  return Object.fromEntries(fromDict(unboxed(doc) as Record<string, unknown>, harmonization, 'Event').entries());
}

export const bot = defineParser({
  module: 'intelmq.bots.parsers.json.parser',
  name: 'JSON',
  description: 'Parses IntelMQ-format JSON: one event per report, one per line (splitlines) or one per element of a JSON list (multiple_events).',
  parameters: Type.Object({
    splitlines: Type.Boolean({ default: false, description: 'Every line of the report is one event.' }),
    multiple_events: Type.Boolean({ default: false, description: 'The report is a JSON list of events (raw becomes each element as JSON).' }),
  }),
  check(params) {
    return params.splitlines && params.multiple_events
      ? [{ level: 'error', message: "Modes 'splitlines' and 'multiple_events' are not possible at the same time. Please use either one." }]
      : [];
  },
  create(ctx) {
    const { splitlines: perLine, multiple_events: multiple } = ctx.params;
    if (perLine && multiple) {
      throw new Error("Modes 'splitlines' and 'multiple_events' are not possible at the same time. Please use either one.");
    }
    return {
      *parse(report: Report, state: ParseState): Iterable<JsonRecord> {
        const text = reportText(report);
        jsonState(state).text = text;
        if (multiple) {
          const doc = pyJsonLoads(text, { boxFloats: true });
          if (!Array.isArray(doc)) throw new TypeError('The report of multiple_events mode must be a JSON list of events.');
          for (const item of doc) yield { kind: 'item', item };
        } else {
          for (const line of perLine ? splitlines(text) : [text]) yield { kind: 'text', text: line };
        }
      },
      parseLine(record: JsonRecord, report: Report, state: ParseState): Event | null {
        const st = jsonState(state);
        if (st.failed) return null;
        st.failed = true;
        const event = ctx.newEvent(report);
        if (record.kind === 'item') {
          event.update(messageFields(record.item, ctx.harmonization));
          // Plain add, as upstream's item assignment: an element that brings its own raw fails.
          event.add('raw', pyJsonDumps(record.item, { sortKeys: true }));
        } else {
          event.update(messageFields(pyJsonLoads(record.text), ctx.harmonization));
          event.add('raw', record.text, { overwrite: false });
        }
        event.add('classification.type', 'undetermined', { overwrite: false });
        st.failed = false;
        return event;
      },
      recoverLine(_record: JsonRecord, state: ParseState): string {
        return jsonState(state).text ?? '';
      },
    };
  },
});
