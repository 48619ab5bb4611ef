import { Type } from '@sinclair/typebox';
import { defineParser } from '../../../bot/declaration.ts';
import type { Report } from '../../../message/index.ts';
import { PageLines } from '../_pyhtml/page.ts';
import { PyHtmlParser } from '../_pyhtml/pyhtmlparser.ts';

interface Entry {
  url: string;
  result: string;
  detected: string;
  raw: string;
}

/**
 * The "Unsafe sites" table of app.webinspector.com/public/recent_detections:
 * after the "Details" column heading, each `<tr class="susp-row">` is followed
 * by one line per cell: site, result, detection time.
 */
function* entries(report: Report): Iterable<Entry> {
  const page = new PageLines(report);
  let lastData = '';
  let suspiciousRow = false;
  const html = new PyHtmlParser({
    data: (d) => (lastData = d),
    starttag: (_tag, attrs) => (suspiciousRow = attrs.length === 1 && attrs[0]![0] === 'class' && attrs[0]![1] === 'susp-row'),
  });
  const cell = (name: string) => {
    html.feed(page.next(`the ${name} of a row`));
    return lastData;
  };
  while (lastData !== 'Details') html.feed(page.next("the 'Details' column heading"));
  while (page.current !== '</table>') {
    html.feed(page.next('the end of the table'));
    if (!suspiciousRow) continue;
    const url = cell('site');
    const urlLine = page.current;
    const result = cell('result');
    const detected = cell('detection time');
    yield { url, result, detected, raw: urlLine + page.current };
  }
}

export const bot = defineParser({
  module: 'intelmq.bots.parsers.webinspektor.parser',
  name: 'WebInspektor',
  description: 'Scrapes the recently detected unsafe sites of Web Inspector (app.webinspector.com/public/recent_detections).',
  parameters: Type.Object({}),
  create(ctx) {
    return {
      parse: entries,
      recoverLine: (entry: Entry) => entry.raw,
      parseLine(entry: Entry, report: Report) {
        const event = ctx.newEvent(report);
        event.add('source.url', entry.url);
        event.add('classification.type', 'blacklist');
        event.add('classification.identifier', entry.result);
        event.add('classification.taxonomy', 'other');
        event.add('time.source', entry.detected);
        event.add('raw', entry.raw);
        return event;
      },
    };
  },
});
