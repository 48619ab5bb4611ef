import { Type } from '@sinclair/typebox';
import { defineParser } from '../../../bot/declaration.ts';
import type { Report } from '../../../message/index.ts';
import { PageLines } from '../_pyhtml/page.ts';
import { PyHtmlParser } from '../_pyhtml/pyhtmlparser.ts';

interface Entry {
  domain: string;
  /** The line the domain's text ended on; missing when one line held several texts. */
  raw: string | undefined;
}

/**
 * The "Recent domains" panel of www.threatminer.org: every text between that
 * heading and "Recent hosts" is a domain, except the last two (the panel's
 * closing whitespace and the next heading).
 */
function* entries(report: Report): Iterable<Entry> {
  const page = new PageLines(report);
  let line = page.current;
  while (line !== 'Recent domains') line = page.next("the 'Recent domains' panel");
  const texts: string[] = [];
  const rawLines: string[] = [];
  const html = new PyHtmlParser({ data: (d) => texts.push(d) });
  while (line !== 'Recent hosts') {
    line = page.next("the 'Recent hosts' panel");
    const before = texts.length;
    html.feed(line);
    if (texts.length !== before) rawLines.push(line);
  }
  for (let i = 0; i < texts.length - 2; i++) yield { domain: texts[i]!, raw: rawLines[i] };
}

export const bot = defineParser({
  module: 'intelmq.bots.parsers.threatminer.parser',
  name: 'Threatminer',
  description: 'Scrapes the recent malicious domains from the Threatminer start page (www.threatminer.org).',
  parameters: Type.Object({}),
  create(ctx) {
    return {
      parse: entries,
      recoverLine: (entry: Entry) => entry.raw ?? entry.domain,
      parseLine(entry: Entry, report: Report) {
        if (entry.raw === undefined) throw new RangeError(`No source line left for the domain ${JSON.stringify(entry.domain)}.`);
        const event = ctx.newEvent(report);
        event.add('source.fqdn', entry.domain);
        event.add('classification.type', 'blacklist');
        event.add('raw', entry.raw);
        return event;
      },
    };
  },
});
