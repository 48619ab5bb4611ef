import { Type } from '@sinclair/typebox';
import { defineParser } from '../../../bot/declaration.ts';
import { reportText, splitlines } from '../../../bot/parse-helpers.ts';
import type { ParseState } from '../../../bot/parse-state.ts';
import type { Report } from '../../../message/index.ts';

/** `# last updated 1450193702 (Tue Dec 15 15:35:02 2015 GMT)` → the epoch as UTC. */
function lastUpdated(header: string): string {
  const m = /last updated (\d+)/.exec(header);
  if (!m) throw new Error(`No update time in the first line '${header}'.`);
  return `${new Date(Number(m[1]) * 1000).toISOString().slice(0, 19)}+00:00`;
}

export const bot = defineParser({
  module: 'intelmq.bots.parsers.cymru.parser_full_bogons',
  name: 'Cymru Full Bogons',
  description: 'Parses the Team Cymru full bogons lists (IPv4 and IPv6); the update time of the first line becomes time.source.',
  parameters: Type.Object({}),
  create(ctx) {
    return {
      *parse(report: Report, state: ParseState): Iterable<string> {
        const lines = splitlines(reportText(report).trim());
        if (!lines.length) return;
        state.tempdata.push(lines[0]!);
        state.custom['time'] = lastUpdated(lines[0]!);
        for (const line of lines.slice(1)) {
          state.currentLine = line.trim();
          yield line.trim();
        }
      },
      recoverLine(line: string | undefined, state: ParseState): string {
        return [...state.tempdata, line ?? state.currentLine ?? ''].join('\n');
      },
      parseLine(line: string, report: Report, state: ParseState) {
        if (line.startsWith('#') || line.startsWith('//')) return null;
        const event = ctx.newEvent(report);
        event.add('source.network', line);
        event.add('time.source', state.custom['time']);
        event.add('classification.type', 'blacklist');
        event.add('raw', [...state.tempdata, line].join('\n'));
        return event;
      },
    };
  },
});
