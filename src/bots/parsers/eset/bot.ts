import { Type } from '@sinclair/typebox';
import { defineParser } from '../../../bot/declaration.ts';
import { jsonParsing } from '../../../bot/parse-helpers.ts';
import { pyJsonDumps, type Event, type Report } from '../../../message/index.ts';

type Entry = Record<string, unknown>;

/** ESET's fixed reason texts; C2 reasons carry a variable suffix. */
const TYPE_BY_REASON: Readonly<Record<string, string>> = {
  'Host actively distributes high-severity threat in the form of executable code.': 'malware-distribution',
  'Host is known to be distributing low-risk and potentially unwanted content.': 'malware-distribution',
  'Host is known source of phishing or other fraudulent content.': 'phishing',
  'Host is known to be actively distributing adware or other medium-risk software.': 'other',
  'Host is known source of active fraudulent content.': 'other',
};

function classification(reason: string): string {
  if (TYPE_BY_REASON[reason]) return TYPE_BY_REASON[reason];
  return reason.startsWith('Host is used as command and control server') ? 'c2-server' : 'other';
}

/** Feed-specific fields, by the collector's `extra.eset_feed`. */
const FEEDS: Readonly<Record<string, (event: Event, entry: Entry) => void>> = {
  'ei.urls (json)': (event, entry) => {
    event.add('time.source', entry['domain_last_seen']);
    event.add('source.url', entry['url']);
  },
  'ei.domains v2 (json)': (event, entry) => {
    event.add('time.source', entry['last_seen']);
  },
};

export const bot = defineParser({
  module: 'intelmq.bots.parsers.eset.parser',
  name: 'ESET',
  description: 'Parses ESET Threat Intelligence domain and URL feeds (JSON) as collected by the ESET collector.',
  parameters: Type.Object({}),
  create(ctx) {
    const json = jsonParsing();
    return {
      ...json,
      parseLine(entry: Entry, report: Report) {
        const event = ctx.newEvent(report);
        const reason = String(entry['reason'] ?? '');
        event.add('raw', pyJsonDumps(entry, { sortKeys: true }));
        event.add('event_description.text', entry['reason']);
        event.add('classification.type', classification(reason));
        // The domain column sometimes holds an address.
        event.add('source.fqdn', entry['domain'], { raiseFailure: false });
        const ip = entry['ip'];
        if (typeof ip === 'string' && ip && !ip.endsWith('_NXDOMAIN')) event.add('source.ip', ip);
        const feed = report.get('extra.eset_feed');
        event.add('extra.eset_feed', feed, { overwrite: true });
        const addFeedFields = FEEDS[String(feed)];
        if (!addFeedFields) throw new Error(`Unsupported feed '${String(feed)}'.`);
        addFeedFields(event, entry);
        return event;
      },
    };
  },
});
