import { Type } from '@sinclair/typebox';
import { defineParser } from '../../../bot/declaration.ts';
import { reportText, splitlines } from '../../../bot/parse-helpers.ts';
import type { ParseState } from '../../../bot/parse-state.ts';
import type { Report } from '../../../message/index.ts';

/** Header and footer lines of the SURBL zone file. */
const HEADER_LINES = 9;
const FOOTER_LINES = 2;

/** `:127.0.0.128:Blocked, $ on lists [mw][ph], See: ...` → the classification of the following entries. */
function listType(line: string): string {
  const words = line.split(/\s+/).filter(Boolean);
  const lists = (words[words.length - 3] ?? '').slice(1, -2).split('][');
  if (lists.includes('mw')) return 'malware-distribution';
  if (lists.includes('ph')) return 'phishing';
  return 'blacklist';
}

interface Entry {
  line: string;
  type: string | undefined;
}

export const bot = defineParser({
  module: 'intelmq.bots.parsers.surbl.parser',
  name: 'SURBL',
  description: 'Parses the SURBL malicious domain zone file (rsync export).',
  parameters: Type.Object({}),
  create(ctx) {
    return {
      *parse(report: Report, state: ParseState): Iterable<Entry> {
        let type: string | undefined;
        for (const line of splitlines(reportText(report)).slice(HEADER_LINES, -FOOTER_LINES)) {
          if (line.startsWith(':')) type = listType(line);
          else if (line.startsWith('.')) {
            state.currentLine = line;
            yield { line, type };
          }
        }
      },
      recoverLine(entry: Entry): string {
        return entry.line;
      },
      parseLine(entry: Entry, report: Report) {
        if (!entry.type) throw new Error(`Entry before any list declaration: '${entry.line}'.`);
        const event = ctx.newEvent(report);
        event.add('source.fqdn', entry.line.slice(1));
        event.add('classification.type', entry.type);
        event.add('raw', entry.line);
        return event;
      },
    };
  },
});
