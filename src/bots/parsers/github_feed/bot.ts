import { domainToASCII } from 'node:url';
import { isIP } from 'node:net';
import { Type } from '@sinclair/typebox';
import { defineParser } from '../../../bot/declaration.ts';
import { reportText } from '../../../bot/parse-helpers.ts';
import { pyRepr, type Event, type Report } from '../../../message/index.ts';

type Ioc = Record<string, unknown>;

/** Checks of the Python `validators` package that upstream relies on. */
const HASHES: ReadonlyArray<[string, RegExp]> = [
  ['sha1', /^[0-9a-f]{40}$/i],
  ['sha256', /^[0-9a-f]{64}$/i],
  ['md5', /^[0-9a-f]{32}$/i],
];
const DOMAIN = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-_]{0,61}[A-Za-z0-9])?\.)+[A-Za-z0-9][A-Za-z0-9-_]{0,61}[A-Za-z]$/;
const URL_RE = /^[a-z][a-z0-9+.-]*:\/\/(?:[^\s:@/]+(?::[^\s@/]*)?@)?(?:\[[0-9a-f:.]+\]|[^\s:/?#]+)(?::\d{1,5})?(?:[/?#]\S*)?$/i;

function isDomain(value: string): boolean {
  const ascii = domainToASCII(value);
  return ascii !== '' && DOMAIN.test(ascii);
}

/** The feeds this parser knows, by a part of feed.url. */
const FEEDS = ['StrangerealIntel/DailyIOC'];

export const bot = defineParser({
  module: 'intelmq.bots.parsers.github_feed.parser',
  name: 'Github Feed',
  description: 'Parses IOC files fetched from GitHub repositories (StrangerealIntel/DailyIOC): hashes, domains, addresses and URLs.',
  parameters: Type.Object({}),
  create(ctx) {
    return {
      *parse(report: Report): Iterable<Ioc> {
        let doc: unknown;
        try {
          // The files use single quotes.
          doc = JSON.parse(reportText(report).replace(/'/g, '"'));
        } catch (e) {
          ctx.logger.error(`Invalid report['raw']: ${(e as Error).message}`);
          return;
        }
        const url = String(report.get('feed.url') ?? '');
        if (!FEEDS.some((f) => url.includes(f))) throw new Error(`Unknown feed '${url}'.`);
        yield* Array.isArray(doc) ? (doc as Ioc[]) : [];
      },
      recoverLine(ioc: Ioc): string {
        return pyRepr(ioc);
      },
      parseLine(ioc: Ioc, report: Report) {
        const event = ctx.newEvent(report);
        // Metadata the GitHub API collector attached to the file.
        const metadata = report.get('extra.file_metadata');
        if (metadata && typeof metadata === 'object') {
          for (const [k, v] of Object.entries(metadata as Record<string, unknown>)) event.add(`extra.file_metadata.${k}`, v);
        }
        event.add('raw', pyRepr(ioc));
        event.add('classification.type', 'undetermined');
        event.add('classification.taxonomy', 'other');
        event.add('event_description.text', ioc['Description']);
        const indicator = String(ioc['Indicator'] ?? '');
        return addIndicator(event, indicator) ? event : warn(indicator);
      },
    };

    function warn(indicator: string): null {
      ctx.logger.warning(`IOC '${indicator.replace(/\./g, '[.]')}' not in expected format.`);
      return null;
    }
  },
});

function addIndicator(event: Event, indicator: string): boolean {
  for (const [type, re] of HASHES) {
    if (re.test(indicator)) {
      event.add(`malware.hash.${type}`, indicator);
      event.change('classification.taxonomy', 'malicious-code');
      event.change('classification.type', 'malware');
      return true;
    }
  }
  if (isDomain(indicator)) event.add('source.fqdn', indicator);
  else if (isIP(indicator)) event.add('source.ip', indicator);
  else if (URL_RE.test(indicator)) event.add('source.url', indicator);
  else return false;
  return true;
}
