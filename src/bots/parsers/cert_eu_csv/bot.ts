import { Type } from '@sinclair/typebox';
import { defineParser } from '../../../bot/declaration.ts';
import { csvDictParsing } from '../../../bot/parse-helpers.ts';
import type { ParseState } from '../../../bot/parse-state.ts';
import type { Report } from '../../../message/index.ts';
import { FIELD_TYPES } from '../../../message/types/index.ts';
import { pyIntFromText } from '../../../message/types/py.ts';

/** Python `int(text)`. */
function int(text: string): number {
  const n = pyIntFromText(text);
  if (n === null) throw new RangeError(`invalid literal for int() with base 10: '${text}'`);
  return n;
}

/** CERT-EU abuse types; anything else is "other". */
const TYPES: ReadonlyMap<string, string> = new Map([
  ['backdoor', 'system-compromise'],
  ['blacklist', 'blacklist'],
  ['botnet drone', 'infected-system'],
  ['brute-force', 'brute-force'],
  ['c2server', 'c2-server'],
  ['compromised server', 'system-compromise'],
  ['ddos infrastructure', 'ddos'],
  ['ddos target', 'ddos'],
  ['defacement', 'unauthorised-information-modification'],
  ['dropzone', 'other'],
  ['exploit url', 'exploit'],
  ['ids alert', 'ids-alert'],
  ['malware-configuration', 'malware-configuration'],
  ['malware url', 'malware-distribution'],
  ['phishing', 'phishing'],
  ['ransomware', 'infected-system'],
  ['scanner', 'scanner'],
  ['spam infrastructure', 'spam'],
  ['test', 'test'],
  ['vulnerable service', 'vulnerable-system'],
]);

/** Columns whose meaning is unknown: data in them must be looked at before it is dropped. */
const UNKNOWN_FIELDS = ['threat type', 'ns1', 'ns2', 'response', 'recent'];

export const bot = defineParser({
  module: 'intelmq.bots.parsers.cert_eu.parser_csv',
  name: 'CERT-EU',
  description: 'Parses the CERT-EU CSV feed (version 1.5).',
  parameters: Type.Object({}),
  create(ctx) {
    const csv = csvDictParsing({ ignoreLinesStarting: ['#'] });
    return {
      ...csv,
      parseLine(line: Record<string, string>, report: Report, state: ParseState) {
        const get = (k: string) => line[k] ?? '';
        if (get('version') !== '1.5' && get('version') !== '') throw new Error(`Unknown version '${get('version')}'. Please report this with an example.`);
        for (const unknown of UNKNOWN_FIELDS) if (get(unknown)) throw new Error(`Unable to parse field '${unknown}'. Please report this with an example.`);
        const event = ctx.newEvent(report);
        event.add('extra.datasource', get('feed code'));
        event.add('source.ip', get('source ip'));
        event.add('source.network', get('source bgp prefix'));
        event.add('extra.cert_eu_time_observation', FIELD_TYPES['DateTime']!.sanitize(get('observation time')));
        event.add('tlp', get('tlp'));
        event.add('event_description.text', get('description'));
        event.add('classification.type', TYPES.get(get('type')) ?? 'other');
        if (get('count')) event.add('extra.count', int(get('count')));
        event.add('time.source', get('source time'));
        event.add('source.geolocation.country', get('source country'));
        event.add('protocol.application', get('protocol'));
        event.add('destination.port', get('destination port'));
        event.add('source.geolocation.latitude', get('source latitude'));
        event.add('source.geolocation.city', get('source city'));
        event.add('source.geolocation.geoip_cc', get('source cc'));
        event.add('source.geolocation.longitude', get('source longitude'));
        event.add('extra.source.geolocation.geohash', get('source geohash'));
        event.add('extra.first_seen', get('first seen'));
        // The confidence level scales the feed's accuracy.
        event.add('feed.accuracy', (Number(event.get('feed.accuracy') ?? 100) * int(get('confidence level'))) / 100, { overwrite: true });
        event.add('extra.last_seen', get('last seen'));
        event.add('extra.expiration_date', get('expiration date'));
        if (get('status')) event.add('status', get('status'));
        event.add('event_description.target', get('target'));
        event.add('source.url', get('url'));
        event.add('source.abuse_contact', get('abuse contact'));
        event.add('source.asn', get('source asn'));
        event.add('source.as_name', get('source as name'));
        event.add('source.fqdn', get('domain name'));
        // The header and the line as it was read, not re-encoded.
        event.add('raw', csv.recoverLine(undefined, state));
        return event;
      },
    };
  },
});
