import { Type } from '@sinclair/typebox';
import { defineExpert } from '../../../bot/declaration.ts';
import { urlparse } from '../url/urlparse.ts';

const DEPRECATION = "This bot is deprecated and will be removed in version 4.0. Use 'URL Expert' bot instead.";

export const bot = defineExpert({
  module: 'intelmq.bots.experts.url2fqdn.expert',
  name: 'URL2FQDN',
  description: 'Copies the host of source.url/destination.url to *.fqdn, or to *.ip when the host is an IP address (deprecated: use the URL expert).',
  parameters: Type.Object({
    overwrite: Type.Boolean({ default: false, description: 'Replace an existing *.fqdn / *.ip.' }),
  }),
  check() {
    return [{ level: 'warning', message: DEPRECATION }];
  },
  create(ctx) {
    const overwrite = ctx.params.overwrite;
    return {
      process(event, emit) {
        for (const base of ['source', 'destination']) {
          const url = event.get(`${base}.url`);
          if (url === undefined) continue;
          if (!overwrite && event.has(`${base}.fqdn`)) continue;
          const host = urlparse(String(url)).hostname;
          // A host that is no valid FQDN (an IP literal) goes to *.ip instead.
          if (!event.add(`${base}.fqdn`, host, { overwrite, raiseFailure: false })) {
            event.add(`${base}.ip`, host, { overwrite, raiseFailure: false });
          }
        }
        emit(event);
      },
    };
  },
});
