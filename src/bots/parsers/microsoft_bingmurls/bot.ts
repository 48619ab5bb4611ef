import { Type } from '@sinclair/typebox';
import { defineParser } from '../../../bot/declaration.ts';
import { jsonParsing } from '../../../bot/parse-helpers.ts';
import { pyJsonDumps, type Report } from '../../../message/index.ts';

const MAPPING: ReadonlyMap<string, string> = new Map([
  ['Attributable', 'extra.attributable'],
  ['Description', 'event_description.text'],
  ['IndicatorThreatType', 'classification.identifier'],
  ['TLPLevel', 'tlp'],
  ['FirstReportedDateTime', 'time.source'],
  ['NetworkDestinationAsn', 'source.asn'],
  ['NetworkDestinationIPv4', 'source.ip'],
  ['NetworkDestinationPort', 'source.port'],
  ['IsProductLicensed', 'extra.isproductlicensed'],
  ['IsPartnerShareable', 'extra.ispartnershareable'],
  ['Url', 'source.url'],
  ['IndicatorProvider', 'extra.indicator_provider'],
  ['IndicatorExpirationDateTime', 'extra.indicator_expiration_date_time'],
  ['ThreatDetectionProduct', 'extra.threat_detection_product'],
  ['Tags', 'extra.tags'],
]);

type Entry = Record<string, unknown>;

const recover = (entry: Entry) => pyJsonDumps([entry], { sortKeys: true });

export const bot = defineParser({
  module: 'intelmq.bots.parsers.microsoft.parser_bingmurls',
  name: 'Microsoft BingMURLs',
  description: 'Parses the Microsoft Bing malicious URLs feed (Interflow JSON, version 1.5).',
  parameters: Type.Object({}),
  create(ctx) {
    const json = jsonParsing();
    return {
      parse: json.parse,
      recoverLine: recover,
      parseLine(entry: Entry, report: Report) {
        if (entry['Version'] !== 1.5) throw new Error(`Data is in unknown format '${String(entry['Version'])}', only version 1.5 is supported.`);
        if (entry['IndicatorThreatType'] !== 'MaliciousUrl') throw new Error(`Unknown indicatorthreattype '${String(entry['IndicatorThreatType'])}', only MaliciousUrl is supported.`);
        const event = ctx.newEvent(report);
        for (const [key, value] of Object.entries(entry)) {
          if (key === 'LastReportedDateTime') {
            if (value !== entry['FirstReportedDateTime']) {
              throw new Error("Unexpectedly seen different values in 'FirstReportedDateTime' and 'LastReportedDateTime', please open a bug report with example data.");
            }
            continue;
          }
          if (key === 'Version') continue;
          // Placeholders for "no address".
          if (key === 'NetworkDestinationIPv4' && (value === '0.0.0.0' || value === '255.255.255.255')) continue;
          if (key === 'NetworkDestinationAsn' && value === 0) continue;
          const field = MAPPING.get(key);
          if (!field) throw new Error(`Unknown field '${key}'.`);
          // The tags are the country code of the URL's host; "??" when unknown.
          if (key === 'Tags' && Array.isArray(value) && value.length === 1) {
            if (value[0] !== '??') event.add('source.geolocation.cc', value[0]);
            continue;
          }
          if (key === 'Tags') {
            ctx.logger.warning(`Field 'Tags' does not have expected length 1, but ${Array.isArray(value) ? value.length : 'no list'}. Saving as '${field}', but please report this as bug with samples.`);
          }
          event.add(field, value, { overwrite: true });
        }
        event.add('classification.type', 'blacklist');
        event.add('raw', recover(entry));
        return event;
      },
    };
  },
});
