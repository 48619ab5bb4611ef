import { Type } from '@sinclair/typebox';
import { defineParser } from '../../../bot/declaration.ts';
import { reportText } from '../../../bot/parse-helpers.ts';
import { compareCodePoints, pyJsonDumps, type Event, type Report } from '../../../message/index.ts';

type Callback = Record<string, unknown>;

const recover = (request: Callback) => pyJsonDumps(request, { sortKeys: true });

/**
 * Have I Been Pwned domain callbacks: breaches and pastes. The callback test
 * has an `Email` field and a list of breaches; real callbacks a single breach.
 */
export const bot = defineParser({
  module: 'intelmq.bots.parsers.hibp.parser_callback',
  name: 'HaveIBeenPwned Callback',
  description: 'Parses Have I Been Pwned enterprise domain callbacks: one event per affected e-mail address.',
  parameters: Type.Object({}),
  create(ctx) {
    return {
      *parse(report: Report): Iterable<Callback> {
        yield JSON.parse(reportText(report)) as Callback;
      },
      recoverLine: recover,
      parseLine(request: Callback, report: Report) {
        const event = ctx.newEvent(report);
        event.add('raw', recover(request));
        event.add('source.fqdn', request['Domain']);
        event.add('extra.domain_emails', request['DomainEmails']);
        if ('Breach' in request) {
          event.add('extra.breach', request['Breach']);
          event.add('classification.identifier', 'breach');
          const breach = request['Breach'];
          if (breach && typeof breach === 'object' && !Array.isArray(breach)) event.add('time.source', (breach as Callback)['AddedDate']);
        }
        if ('Paste' in request) {
          event.add('extra.paste', request['Paste']);
          event.add('classification.identifier', 'paste');
        }
        event.add('classification.taxonomy', 'information-content-security');
        event.add('classification.type', 'data-leak');
        const domainEmails = Array.isArray(request['DomainEmails']) ? (request['DomainEmails'] as unknown[]) : [];
        const emails = [...new Set([request['Email'], ...domainEmails])].filter((e): e is string => typeof e === 'string' && e !== '').sort(compareCodePoints);
        const events: Event[] = [];
        for (const email of emails) {
          event.add('source.account', email, { overwrite: true });
          events.push(event.copy());
        }
        return events;
      },
    };
  },
});
