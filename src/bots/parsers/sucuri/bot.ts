import { Type } from '@sinclair/typebox';
import { defineParser } from '../../../bot/declaration.ts';
import type { Report } from '../../../message/index.ts';
import { PageLines } from '../_pyhtml/page.ts';
import { PyHtmlParser } from '../_pyhtml/pyhtmlparser.ts';

interface Entry {
  url: string;
  identifier: string;
  raw: string;
}

/** The tables of labs.sucuri.net/?malware this feed covers; "Encoded javascript" is left out. */
const TABLES: ReadonlyArray<[heading: string, identifier: string]> = [
  ['Hidden iframes', 'hidden-iframe'],
  ['Conditional redirections', 'conditional-redirection'],
];

/** The page obfuscates URLs with comments and `&#46;` for dots. */
const COMMENT = /<!--[\s\S]*?-->/g;

function deobfuscate(line: string): string {
  return line.replace(COMMENT, '').replaceAll('&#46;', '.');
}

function* entries(report: Report): Iterable<Entry> {
  const page = new PageLines(report);
  let lastData = '';
  const html = new PyHtmlParser({ data: (d) => (lastData = d) });
  for (const [heading, identifier] of TABLES) {
    while (lastData !== heading) html.feed(page.next(`the heading '${heading}'`));
    let line = page.current;
    while (!line.startsWith('</tbody>')) {
      const raw = page.next(`the end of the table '${heading}'`);
      line = deobfuscate(raw);
      // Every table row is one line; the URL is its last text.
      if (line.startsWith('<t')) {
        html.feed(line);
        yield { url: lastData, identifier, raw };
      }
    }
  }
}

export const bot = defineParser({
  module: 'intelmq.bots.parsers.sucuri.parser',
  name: 'Sucuri Malware',
  description: 'Scrapes the hidden iframes and conditional redirections tables of the Sucuri Labs malware page (labs.sucuri.net/?malware).',
  parameters: Type.Object({}),
  create(ctx) {
    return {
      parse: entries,
      recoverLine: (entry: Entry) => entry.raw,
      parseLine(entry: Entry, report: Report) {
        const event = ctx.newEvent(report);
        event.add('source.url', entry.url);
        event.add('classification.type', 'blacklist');
        event.add('classification.identifier', entry.identifier);
        event.add('raw', entry.raw);
        return event;
      },
    };
  },
});
