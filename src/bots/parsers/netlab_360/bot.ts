import { Type } from '@sinclair/typebox';
import { defineParser } from '../../../bot/declaration.ts';
import { lineParsing } from '../../../bot/parse-helpers.ts';
import type { ParseState } from '../../../bot/parse-state.ts';
import type { Event, Report } from '../../../message/index.ts';
import { convertDateTime } from '../../../message/types/index.ts';
import { pyIntFromText } from '../../../message/types/py.ts';

type Feed = 'dga' | 'magnitude' | 'mirai' | 'hajime';

/** The feed is told by the report's `feed.url`, over http or https. */
const FEEDS: ReadonlyMap<string, Feed> = new Map([
  ['data.netlab.360.com/feeds/dga/dga.txt', 'dga'],
  ['data.netlab.360.com/feeds/ek/magnitude.txt', 'magnitude'],
  ['data.netlab.360.com/feeds/mirai-scanner/scanner.list', 'mirai'],
  ['data.netlab.360.com/feeds/hajime-scanner/bot.list', 'hajime'],
]);

function feedOf(url: unknown): Feed {
  const m = /^https?:\/\/(.*)$/.exec(String(url ?? ''));
  const feed = m ? FEEDS.get(m[1]!) : undefined;
  if (!feed) throw new Error(`Unknown data feed ${String(url)}.`);
  return feed;
}

/** Columns are tab separated; the first one names the family or kit. */
function fillEvent(event: Event, feed: Feed, cols: string[]): void {
  const col = (i: number) => cols[i] ?? '';
  switch (feed) {
    case 'dga': {
      // Family, domain, start and end of the domain's validity (UTC).
      event.add('source.fqdn', col(1));
      event.add('time.source', `${col(2)} UTC`);
      const observed = event.get('time.observation');
      // Domains are listed before they become valid; a source time cannot lie after the observation.
      if (typeof observed === 'string' && String(event.get('time.source')) > observed) event.change('time.source', observed);
      event.add('classification.type', 'c2-server');
      event.add('event_description.url', 'http://data.netlab.360.com/dga');
      break;
    }
    case 'magnitude': {
      const seconds = pyIntFromText(col(1));
      if (seconds === null) throw new TypeError(`invalid literal for int() with base 10: ${JSON.stringify(col(1))}`);
      event.add('time.source', convertDateTime(seconds, 'timestamp'));
      event.add('source.ip', col(2));
      // The host column holds addresses too.
      event.add('source.fqdn', col(3), { raiseFailure: false });
      if (col(4) !== 'N/A') event.add('source.url', col(4));
      event.add('classification.type', 'exploit');
      event.add('event_description.url', 'http://data.netlab.360.com/ek');
      break;
    }
    case 'mirai':
      event.add('time.source', `${col(0)} UTC`);
      event.add('source.ip', col(1).replace('sip=', ''));
      event.add('destination.port', col(2).replace('dport=', ''));
      event.add('classification.type', 'scanner');
      event.add('classification.identifier', 'mirai', { overwrite: true });
      break;
    case 'hajime':
      event.add('time.source', `${col(0)}T00:00:00 UTC`);
      event.add('source.ip', col(1).replace('ip=', ''));
      event.add('classification.type', 'scanner');
      event.add('classification.identifier', 'hajime', { overwrite: true });
      break;
  }
}

export const bot = defineParser({
  module: 'intelmq.bots.parsers.netlab_360.parser',
  name: 'Netlab 360',
  description: 'Parses the Netlab 360 DGA, Magnitude EK, Mirai scanner and Hajime scanner feeds (the feed is told by feed.url).',
  parameters: Type.Object({}),
  create(ctx) {
    return {
      ...lineParsing(),
      parseLine(line: string, report: Report, state: ParseState) {
        if (line.startsWith('#')) {
          state.tempdata.push(line);
          return null;
        }
        const cols = line.split('\t');
        const event = ctx.newEvent(report);
        event.add('classification.identifier', cols[0]!.toLowerCase());
        event.add('raw', line);
        fillEvent(event, feedOf(report.get('feed.url')), cols);
        return event;
      },
    };
  },
});
