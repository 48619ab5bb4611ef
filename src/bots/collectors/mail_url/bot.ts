import { Type } from '@sinclair/typebox';
import { defineCollector } from '../../../bot/declaration.ts';
import { splitIntoChunks } from '../../../bot/chunk.ts';
import { HttpClient, HttpParameters, type HttpResponse } from '../_shared/http.ts';
import { MailParameters, addMailFields, collectMails } from '../_shared/mail.ts';

export const bot = defineCollector({
  module: 'intelmq.bots.collectors.mail.collector_mail_url',
  name: 'Mail URL Fetcher',
  description:
    'Reads unread mails over IMAP, downloads the first URL matching url_regex in each plain-text body and sends it as report(s). A mail whose download failed stays unread and is tried again on the next run; the others are marked seen once their reports are queued.',
  multithreadable: false,
  parameters: Type.Object({
    ...MailParameters,
    url_regex: Type.String({ minLength: 1, default: 'http://', description: 'Regular expression matching the URL in the mail body; the first match is downloaded.' }),
    chunk_size: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], { default: null, description: 'Split downloads into reports of at most this many bytes, at line boundaries.' }),
    chunk_replicate_header: Type.Boolean({ default: true, description: 'Repeat the first line (CSV header) in every chunk.' }),
    ...HttpParameters,
  }),
  create(ctx) {
    const p = ctx.params;
    const urlRe = new RegExp(p.url_regex);
    const http = new HttpClient(p, ctx.logger);
    return {
      collect: (emit) =>
        collectMails(ctx, emit, async ({ parsed }, send) => {
          const match = urlRe.exec(parsed.text ?? '');
          if (!match) return false;
          const url = match[0].trim();
          ctx.logger.info(`Downloading report from '${url}'.`);
          let resp: HttpResponse;
          try {
            resp = await http.get(url);
          } catch (e) {
            ctx.logger.error(`${(e as Error).message} The mail stays unread.`);
            return false;
          }
          if (Math.floor(resp.status / 100) !== 2) {
            ctx.logger.error(`HTTP response status code was ${resp.status}. The mail stays unread.`);
            return false;
          }
          if (!resp.body.length) {
            ctx.logger.warning('Got empty response from server.');
            return true;
          }
          ctx.logger.info('Report downloaded.');
          const template = ctx.newReport();
          template.add('feed.url', url);
          addMailFields(template, parsed);
          template.add('extra.file_name', fileNameFromResponse(resp, url));
          for (const chunk of splitIntoChunks(resp.body, p.chunk_size, p.chunk_replicate_header)) {
            const report = template.copy();
            report.add('raw', chunk);
            send(report);
          }
          ctx.logger.info('Email report read.');
          return true;
        }),
      shutdown: () => http.close(),
    };
  },
});

/** Content-Disposition's filename, else the last path segment of the URL (upstream's file_name_from_response). */
function fileNameFromResponse(resp: HttpResponse, url: string): string {
  const disposition = /filename=(.+)/.exec(resp.headers.get('content-disposition') ?? '')?.[1];
  if (disposition) return disposition.trim().replace(/^"(.*)"$/, '$1');
  return (resp.url || url).split('/').pop() ?? '';
}
