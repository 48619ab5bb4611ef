import { Type } from '@sinclair/typebox';
import { defineCollector } from '../../../bot/declaration.ts';
import { MailParameters, addMailFields, collectMails } from '../_shared/mail.ts';
import { parseExtractFiles, unzip, type ArchiveMember } from '../_shared/unzip.ts';

export const bot = defineCollector({
  module: 'intelmq.bots.collectors.mail.collector_mail_attach',
  name: 'Mail Attachment Fetcher',
  description:
    'Reads unread mails over IMAP and sends every attachment whose file name matches attach_regex (unpacked with extract_files) as a report; a mail is marked seen once its reports are queued.',
  multithreadable: false,
  parameters: Type.Object({
    ...MailParameters,
    attach_regex: Type.String({ minLength: 1, default: 'csv.zip', description: 'Regular expression searched in attachment file names.' }),
    extract_files: Type.Union([Type.Null(), Type.Boolean(), Type.String(), Type.Array(Type.String())], {
      default: true,
      description: 'Unpack matching attachments (zip, tar, gzip): true = every member, a list or comma-separated names = those members, false = send the attachment as it is.',
    }),
  }),
  create(ctx) {
    const p = ctx.params;
    const attachRe = new RegExp(p.attach_regex);
    const extractFiles = parseExtractFiles(p.extract_files);
    return {
      collect: (emit) =>
        collectMails(ctx, emit, async ({ parsed }, send) => {
          let seen = false;
          for (const attachment of parsed.attachments) {
            if (!attachment.filename) {
              ctx.logger.debug('Skipping attachment because of missing filename.');
              continue;
            }
            if (!attachRe.test(attachment.filename)) continue;
            ctx.logger.debug(`Found suitable attachment ${attachment.filename}.`);
            const members: ArchiveMember[] = extractFiles
              ? await unzip(attachment.content, extractFiles, { logger: ctx.logger })
              : [{ name: null, content: attachment.content }];
            for (const { name, content } of members) {
              const report = ctx.newReport();
              report.add('raw', content);
              if (name) report.add('extra.file_name', name);
              addMailFields(report, parsed);
              send(report);
            }
            // Only mails relevant to this bot are marked seen, so other bots watching the mailbox still see the rest.
            seen = true;
          }
          ctx.logger.info('Email report read.');
          return seen;
        }),
    };
  },
});
