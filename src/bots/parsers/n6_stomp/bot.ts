import { Type } from '@sinclair/typebox';
import { defineParser } from '../../../bot/declaration.ts';
import { reportText } from '../../../bot/parse-helpers.ts';
import type { Event, Report } from '../../../message/index.ts';
import { FIELD_TYPES } from '../../../message/types/index.ts';

type Fields = Record<string, unknown>;

interface Classification {
  taxonomy: string;
  type: string;
  identifier: string;
}

const c = (taxonomy: string, type: string, identifier: string): Classification => ({ taxonomy, type, identifier });

/** n6 categories; for `bots` the identifier is the malware name when there is one. */
const CATEGORIES: ReadonlyMap<string, Classification> = new Map([
  ['amplifier', c('vulnerable', 'vulnerable-system', 'amplifier')],
  ['bots', c('malicious-code', 'infected-system', 'malware-generic')],
  ['backdoor', c('intrusions', 'system-compromise', 'hacked server')],
  ['cnc', c('malicious-code', 'c2-server', 'c&c server')],
  ['dns-query', c('other', 'other', 'dns-query')],
  ['dos-attacker', c('availability', 'ddos', 'dos-attacker')],
  ['dos-victim', c('availability', 'ddos', 'dos-victim')],
  ['flow', c('other', 'other', 'flow')],
  ['flow-anomaly', c('other', 'other', 'flow-anomaly')],
  ['fraud', c('fraud', 'account numbers', 'fraud')],
  ['leak', c('information-content-security', 'data-leak', 'leak')],
  ['malurl', c('malicious-code', 'exploit', 'malurl')],
  ['malware-action', c('malicious-code', 'malware-configuration', 'malware-configuration')],
  ['phish', c('fraud', 'phishing', 'phishing')],
  ['proxy', c('other', 'proxy', 'openproxy')],
  ['sandbox-url', c('malicious-code', 'malware', 'sandboxurl')],
  ['scanning', c('information-gathering', 'scanner', 'scanning')],
  ['server-exploit', c('malicious-code', 'exploit', 'server-exploit')],
  ['spam', c('abusive-content', 'spam', 'spam')],
  ['spam-url', c('abusive-content', 'spam', 'spam-url')],
  ['tor', c('other', 'tor', 'tor exit node')],
  ['webinject', c('malicious-code', 'malware', 'malware')],
  ['vulnerable', c('vulnerable', 'other', 'vulnerable')],
  ['other', c('other', 'other', 'other')],
]);

/** Members copied as they are. */
const SIMPLE: ReadonlyArray<[string, string]> = [
  ['time', 'time.source'],
  ['dip', 'destination.ip'],
  ['dport', 'destination.port'],
  ['md5', 'malware.hash.md5'],
  ['sha1', 'malware.hash.sha1'],
];

function classify(event: Event, doc: Fields): void {
  if (doc['type'] === 'bl-update') {
    event.add('classification.taxonomy', 'other');
    event.add('classification.type', 'blacklist');
    return;
  }
  if (!('category' in doc)) throw new Error('The n6 event has no category.');
  if (doc['category'] === null) return;
  const known = CATEGORIES.get(String(doc['category']));
  if (!known) throw new Error(`Unknown n6 category ${JSON.stringify(doc['category'])}.`);
  const identifier = doc['category'] === 'bots' && 'name' in doc ? doc['name'] : known.identifier;
  event.add('classification.taxonomy', known.taxonomy, { overwrite: true });
  event.add('classification.type', known.type, { overwrite: true });
  event.add('classification.identifier', identifier, { overwrite: true });
}

function eventFrom(event: Event, doc: Fields): void {
  for (const [member, field] of SIMPLE) if (member in doc) event.add(field, doc[member]);
  if ('fqdn' in doc && doc['fqdn'] !== 'unknown') event.add('source.fqdn', doc['fqdn']);
  if ('id' in doc) event.add('extra.feed_id', doc['id'], { overwrite: true });
  if ('adip' in doc) event.add('extra.adip', doc['adip'], { overwrite: true });
  if ('proto' in doc) event.add('protocol.transport', doc['proto']);
  if ('sport' in doc) event.add('source.port', doc['sport']);
  if ('url' in doc) event.add('source.url', doc['url']);
  if ('confidence' in doc) event.add('extra.confidence', doc['confidence']);
  if ('expires' in doc) event.add('extra.expires', FIELD_TYPES['DateTime']!.sanitize(doc['expires']));
  if ('source' in doc) event.add('extra.feed_source', doc['source']);
  if ('name' in doc && !event.add('malware.name', doc['name'], { raiseFailure: false })) {
    // Names like "further iocs: text with ’ char": keep the printable part, the full text as description.
    event.add('malware.name', String(doc['name']).replace(/[^ -~]/g, ''));
    event.add('event_description.text', doc['name']);
  }
  classify(event, doc);
}

export const bot = defineParser({
  module: 'intelmq.bots.parsers.n6.parser_n6stomp',
  name: 'N6 Stomp',
  description: "Parses CERT.pl's n6 stream (one JSON event per report, via STOMP): one event per reported address; test messages are ignored.",
  parameters: Type.Object({}),
  create(ctx) {
    return {
      *parse(report: Report): Iterable<string> {
        const text = reportText(report);
        if (text.includes('TEST MESSAGE')) {
          ctx.logger.debug('Ignoring test message/event.');
          return;
        }
        yield text;
      },
      recoverLine: (text: string) => text,
      parseLine(text: string, report: Report) {
        const doc = JSON.parse(text) as Fields;
        const event = ctx.newEvent(report);
        event.add('raw', report.get('raw'), { sanitize: false });
        eventFrom(event, doc);
        event.add('classification.type', 'undetermined', { overwrite: false });
        const events: Event[] = [];
        for (const address of (doc['address'] as Fields[] | undefined) ?? []) {
          const ev = event.copy();
          ev.add('source.ip', address['ip']);
          if ('asn' in address) ev.add('source.asn', address['asn']);
          if ('rdns' in address) ev.add('source.reverse_dns', address['rdns']);
          if ('cc' in address) ev.add('source.geolocation.cc', address['cc']);
          events.push(ev);
        }
        // Upstream sends the address-less event after the per-address ones as well (a for/else without break).
        events.push(event);
        return events;
      },
    };
  },
});
