import { Type } from '@sinclair/typebox';
import { defineParser } from '../../../bot/declaration.ts';
import { reportText } from '../../../bot/parse-helpers.ts';
import { ConfigurationError, type Report } from '../../../message/index.ts';
import { iterElements, parseXml, serializeXml, type XmlElement } from './xml.ts';

/** XML tag → event key; `extra` keeps the tag name under extra, `__IGNORE__` drops it. */
const COMMON: ReadonlyArray<[string, string]> = [
  ['line', '__IGNORE__'], ['id', 'extra'], ['first', 'time.source'], ['firsttime', '__IGNORE__'],
  ['last', '__IGNORE__'], ['lasttime', '__IGNORE__'], ['url', 'source.url'],
  ['recent', 'status'], // down, toggle or up
  ['response', 'extra'], ['ip', 'source.ip'], ['review', 'extra'], ['domain', 'source.fqdn'],
  ['country', 'source.geolocation.cc'], ['email', 'source.abuse_contact'], ['inetnum', 'extra'],
  ['netname', 'extra'], ['descr', 'extra'], ['ns1', 'extra'], ['ns2', 'extra'], ['ns3', 'extra'],
  ['ns4', 'extra'], ['ns5', 'extra'],
];
const PHISHING: ReadonlyMap<string, string> = new Map([...COMMON, ['phishtank', 'extra'], ['target', 'event_description.target'], ['source', 'source.registry']]);
const VIRUS: ReadonlyMap<string, string> = new Map([
  ...COMMON, ['sub', 'extra'], ['scanner', 'extra'], ['virusname', 'malware.name'], ['as', 'source.asn'],
  ['source', 'extra'], ['md5', 'malware.hash.md5'], ['virustotal', 'extra'], ['vt_score', 'extra'], ['vt_info', 'extra'],
]);

interface Entry {
  element: XmlElement;
  text: string;
}

function feedMapping(url: string): [ReadonlyMap<string, string>, string] {
  if (url.includes('xmlphishing')) return [PHISHING, 'phishing'];
  if (url.includes('xmlviruses')) return [VIRUS, 'malware-distribution'];
  throw new Error('Unknown report.');
}

/** `datetime.utcfromtimestamp(int(value)).isoformat() + " UTC"` */
function epochToUtc(value: string): string {
  if (!/^\s*[+-]?\d+\s*$/.test(value)) throw new RangeError(`invalid literal for int() with base 10: '${value}'`);
  return `${new Date(Number(value.trim()) * 1000).toISOString().slice(0, 19)} UTC`;
}

/** `AS13335` (sometimes a comma-separated list) → `13335`. */
function asnValue(value: string): string | undefined {
  if (value.toUpperCase().startsWith('ASNA')) return undefined;
  for (const asn of value.toUpperCase().split(',')) if (asn.startsWith('AS')) return asn.split('AS')[1];
  return value;
}

export const bot = defineParser({
  module: 'intelmq.bots.parsers.cleanmx.parser',
  name: 'CleanMX',
  description: 'Parses the CleanMX phishing and virus XML feeds (the feed is told by feed.url).',
  parameters: Type.Object({}),
  create(ctx) {
    return {
      *parse(report: Report): Iterable<Entry> {
        if (String(report.get('feed.url') ?? '').includes('format=csv')) {
          ctx.logger.error('Could not parse report in CSV format, only support XML format.');
          throw new ConfigurationError('runtime', 'CleanMX Collector must have http_url parameter pointing to XML format URL from the feed, instead CSV format. See NEWS file for more details.');
        }
        for (const element of iterElements(parseXml(reportText(report)), 'entry')) yield { element, text: serializeXml(element) };
      },
      recoverLine(entry: Entry): string {
        return entry.text;
      },
      parseLine(entry: Entry, report: Report) {
        const [mapping, type] = feedMapping(String(report.get('feed.url') ?? ''));
        const event = ctx.newEvent(report);
        const extra: Record<string, string> = {};
        for (const item of entry.element.children) {
          let value = item.text;
          if (!value || value === 'undef') continue;
          const key = mapping.get(item.tag);
          if (key === undefined) throw new Error(`Unknown field '${item.tag}' in CleanMX entry.`);
          if (key === '__IGNORE__') continue;
          // The feed swaps host names and addresses at times.
          if (key === 'source.fqdn' && event.isValid('source.ip', value)) continue;
          if (key === 'source.ip' && event.isValid('source.fqdn', value)) continue;
          if (key === 'time.source') value = epochToUtc(value);
          if (key === 'source.asn') {
            const asn = asnValue(value);
            if (asn === undefined) continue;
            value = asn;
          }
          if (key === 'status') value = value === 'down' ? 'offline' : value === 'up' ? 'online' : value;
          if (key === 'extra') extra[item.tag] = value;
          else event.add(key, value);
        }
        if (Object.keys(extra).length) event.add('extra', extra);
        event.add('classification.type', type);
        event.add('raw', entry.text);
        return event;
      },
    };
  },
});
