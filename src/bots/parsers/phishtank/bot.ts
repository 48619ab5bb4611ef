import { Type } from '@sinclair/typebox';
import { defineParser } from '../../../bot/declaration.ts';
import { jsonParsing } from '../../../bot/parse-helpers.ts';
import type { Report } from '../../../message/index.ts';

type Entry = Record<string, unknown>;

export const bot = defineParser({
  module: 'intelmq.bots.parsers.phishtank.parser',
  name: 'PhishTank',
  description: 'Parses the PhishTank online-valid JSON feed.',
  parameters: Type.Object({}),
  create(ctx) {
    const json = jsonParsing();
    return {
      ...json,
      parseLine(entry: Entry, report: Report) {
        const event = ctx.newEvent(report);
        event.add('classification.type', 'phishing');
        event.add('time.source', entry['submission_time']);
        event.add('source.url', entry['url']);
        event.add('event_description.url', entry['phish_detail_url']);
        event.add('event_description.target', entry['target']);
        event.add('extra.phishtank.phish_id', entry['phish_id']);
        event.add('extra.phishtank.verified', entry['verified']);
        event.add('extra.phishtank.verification_time', entry['verification_time']);
        if (entry['online'] === 'yes') event.add('status', 'online');
        else if (entry['online'] === 'no') event.add('status', 'offline');
        // PhishTank lists the hosting details of each resolution; the first one is the current.
        const details = Array.isArray(entry['details']) ? (entry['details'] as Entry[]) : [];
        const detail = details[0];
        if (detail) {
          event.add('source.ip', detail['ip_address']);
          event.add('source.network', detail['cidr_block']);
          event.add('source.asn', detail['announcing_network']);
          event.add('source.geolocation.cc', detail['country']);
        }
        event.add('raw', json.recoverLine(entry));
        return event;
      },
    };
  },
});
