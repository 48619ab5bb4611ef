import { Type } from '@sinclair/typebox';
import { defineParser } from '../../../bot/declaration.ts';
import { jsonStreamParsing } from '../../../bot/parse-helpers.ts';
import { pyJsonDumps, type Report } from '../../../message/index.ts';

const FIELDS: ReadonlyArray<[string, string]> = [
  ['url', 'source.url'],
  ['ip', 'source.ip'],
  ['asn', 'source.asn'],
  ['asn_name', 'source.as_name'],
  ['country_code', 'source.geolocation.cc'],
  ['country_name', 'source.geolocation.country'],
  ['isotime', 'time.source'],
  ['screenshot', 'screenshot_url'],
];

const EXTRA = ['brand', 'emails', 'family_id', 'page_language', 'phishing_kit', 'sector', 'ssl_cert_issued_by', 'ssl_cert_issued_to', 'ssl_cert_serial', 'tld'];

export const bot = defineParser({
  module: 'intelmq.bots.parsers.openphish.parser_commercial',
  name: 'OpenPhish Commercial',
  description: 'Parses the OpenPhish premium feed (one JSON object per line).',
  parameters: Type.Object({}),
  create(ctx) {
    return {
      ...jsonStreamParsing(),
      parseLine(line: string, report: Report) {
        const entry = JSON.parse(line) as Record<string, unknown>;
        const event = ctx.newEvent(report);
        for (const [column, key] of FIELDS) event.add(key, entry[column]);
        // The host is an address at times; the address has its own column.
        event.add('source.fqdn', entry['host'], { raiseFailure: false });
        for (const column of EXTRA) event.add(`extra.${column}`, entry[column]);
        event.add('classification.type', 'phishing');
        event.add('raw', pyJsonDumps([entry]));
        return event;
      },
    };
  },
});
