import { Type } from '@sinclair/typebox';
import { defineParser } from '../../../bot/declaration.ts';
import { reportText } from '../../../bot/parse-helpers.ts';
import type { Report } from '../../../message/index.ts';
import { convertDateTime } from '../../../message/types/index.ts';

interface Domain {
  domain: string;
  seen: unknown;
  raw: string;
}

export const bot = defineParser({
  module: 'intelmq.bots.parsers.calidog.parser_certstream',
  name: 'CertStream',
  description: 'Parses CertStream certificate transparency updates: one event per domain of the certificate.',
  parameters: Type.Object({}),
  create(ctx) {
    return {
      *parse(report: Report): Iterable<Domain> {
        const raw = reportText(report);
        const data = (JSON.parse(raw) as { data: Record<string, unknown> }).data;
        const leaf = data['leaf_cert'] as Record<string, unknown> | undefined;
        const domains = leaf?.['all_domains'];
        for (const domain of Array.isArray(domains) ? domains : []) yield { domain: String(domain), seen: data['seen'], raw };
      },
      recoverLine(d: Domain): string {
        return d.raw;
      },
      parseLine(d: Domain, report: Report) {
        const event = ctx.newEvent(report);
        event.add('time.source', convertDateTime(Math.trunc(Number(d.seen)), 'epoch_millis'));
        event.add('classification.type', 'other');
        event.add('raw', d.raw);
        if (!event.add('source.fqdn', d.domain, { raiseFailure: false })) event.add('source.ip', d.domain);
        return event;
      },
    };
  },
});
