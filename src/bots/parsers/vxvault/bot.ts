import { Type } from '@sinclair/typebox';
import { defineParser } from '../../../bot/declaration.ts';
import { lineParsing } from '../../../bot/parse-helpers.ts';
import type { ParseState } from '../../../bot/parse-state.ts';
import type { Report } from '../../../message/index.ts';

/** The list's generation time, e.g. `Mon, 17 Aug 2015 14:36:19 +0000`. */
const LIST_TIME = /^[A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$/;

/** The host part of a URL (`urlparse(url).hostname`). */
function hostOf(url: string): string | undefined {
  const m = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)/.exec(url);
  const host = m?.[1]?.replace(/^\[|\]$/g, '').toLowerCase();
  return host || undefined;
}

export const bot = defineParser({
  module: 'intelmq.bots.parsers.vxvault.parser',
  name: 'VxVault',
  description: 'Parses the VX Vault URL list (malware download URLs).',
  parameters: Type.Object({}),
  create(ctx) {
    return {
      ...lineParsing(),
      parseLine(line: string, report: Report, state: ParseState) {
        if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(line)) {
          if (LIST_TIME.test(line)) state.custom['time'] = line;
          state.tempdata.push(line);
          return null;
        }
        const event = ctx.newEvent(report);
        event.add('source.url', line);
        const host = hostOf(line);
        if (host) {
          if (event.isValid('source.ip', host)) event.add('source.ip', host);
          else event.add('source.fqdn', host, { raiseFailure: false });
        }
        if (state.custom['time']) event.add('time.source', state.custom['time']);
        event.add('classification.type', 'malware-distribution');
        event.add('raw', line);
        return event;
      },
    };
  },
});
