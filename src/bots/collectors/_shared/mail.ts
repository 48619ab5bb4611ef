/**
 * Upstream's MailCollectorBot over IMAP (imapflow, the IMAP client of the
 * Nodemailer/EmailEngine project; MIME parsing by mailparser from the same
 * authors): unread mails of `folder` matching `sent_from`/`sent_to`
 * (IMAP search) and `subject_regex`, each handed to the bot, which says
 * whether it produced reports. Those mails are marked \Seen only in the
 * commit hook, i.e. once their reports are in the destination queue; until
 * then they are fetched with BODY.PEEK and stay unread.
 */
import { readFileSync } from 'node:fs';
import { Type } from '@sinclair/typebox';
import { ImapFlow } from 'imapflow';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { BotContext, Emit } from '../../../bot/declaration.ts';
import type { Report } from '../../../message/index.ts';

const nullableString = (description: string) => Type.Union([Type.String(), Type.Null()], { default: null, description });

export const MailParameters = {
  mail_host: Type.String({ description: 'IMAP server.' }),
  mail_port: Type.Union([Type.Integer({ minimum: 1, maximum: 65535 }), Type.Null()], { default: null, description: 'IMAP port; null = 993 with mail_ssl, else 143.' }),
  mail_user: Type.String({ description: 'IMAP user.' }),
  mail_password: Type.String({ description: 'IMAP password.' }),
  mail_ssl: Type.Boolean({ default: true, description: 'Connect with implicit TLS (IMAPS).' }),
  mail_starttls: Type.Boolean({ default: false, description: 'Upgrade a plain connection with STARTTLS (required when set).' }),
  ssl_ca_certificate: nullableString('CA certificate file to verify the server with; default: the system CAs.'),
  folder: Type.String({ default: 'INBOX', description: 'Mailbox to read.' }),
  subject_regex: nullableString('Only mails whose subject matches this regular expression (searched, not anchored).'),
  sent_from: nullableString('Only mails from this address (IMAP FROM search).'),
  sent_to: nullableString('Only mails to this address (IMAP TO search).'),
  rate_limit: Type.Number({ minimum: 0, default: 60, description: 'Seconds between two mailbox checks.' }),
};

export interface MailSettings {
  mail_host: string;
  mail_port: number | null;
  mail_user: string;
  mail_password: string;
  mail_ssl: boolean;
  mail_starttls: boolean;
  ssl_ca_certificate: string | null;
  folder: string;
  subject_regex: string | null;
  sent_from: string | null;
  sent_to: string | null;
}

export interface Mail {
  uid: number;
  parsed: ParsedMail;
}

/** Returns true when the mail produced reports and is to be marked seen. */
export type MailHandler = (mail: Mail, emit: Emit) => Promise<boolean>;

export function mailPort(p: MailSettings): number {
  return p.mail_port ?? (p.mail_ssl ? 993 : 143);
}

function client(p: MailSettings): ImapFlow {
  return new ImapFlow({
    host: p.mail_host,
    port: mailPort(p),
    secure: p.mail_ssl,
    doSTARTTLS: !p.mail_ssl && p.mail_starttls,
    auth: { user: p.mail_user, pass: p.mail_password },
    tls: { servername: p.mail_host, ...(p.ssl_ca_certificate ? { ca: readFileSync(p.ssl_ca_certificate) } : {}) },
    logger: false,
  });
}

async function connect(p: MailSettings): Promise<ImapFlow> {
  const c = client(p);
  c.on('error', () => undefined);
  try {
    await c.connect();
  } catch (e) {
    const err = e as Error & { responseText?: string; code?: string };
    const reason = [err.code, err.message, err.responseText].filter(Boolean).join(': ');
    throw new Error(`Cannot connect to IMAP server ${p.mail_host}:${mailPort(p)} as '${p.mail_user}': ${reason}`, { cause: e });
  }
  return c;
}

/** One collection run over the unread mails; returns the hook that marks the handled ones seen. */
export async function collectMails(ctx: BotContext<MailSettings>, emit: Emit, handle: MailHandler): Promise<(() => Promise<void>) | undefined> {
  const p = ctx.params;
  const subjectRe = p.subject_regex ? new RegExp(p.subject_regex) : null;
  ctx.logger.debug(`Connecting to ${p.mail_host}.`);
  const imap = await connect(p);
  const seen: number[] = [];
  try {
    const lock = await imap.getMailboxLock(p.folder);
    try {
      const query = { seen: false, ...(p.sent_from ? { from: p.sent_from } : {}), ...(p.sent_to ? { to: p.sent_to } : {}) };
      const uids = (await imap.search(query, { uid: true })) || [];
      if (!uids.length) ctx.logger.debug('No unread mails to check.');
      // Fetched completely before handling: imapflow cannot run other commands inside a fetch loop.
      const fetched = uids.length ? await imap.fetchAll(uids, { uid: true, source: true }, { uid: true }) : [];
      for (const msg of fetched) {
        if (!msg.source) continue;
        const parsed = await simpleParser(msg.source, { skipHtmlToText: true });
        const subject = (parsed.subject ?? '').replace(/\r\n\s/g, ' ');
        if (subjectRe && !subjectRe.test(subject)) {
          ctx.logger.debug(`Message with date ${rawHeader(parsed, 'date')} skipped because subject ${JSON.stringify(parsed.subject ?? '')} does not match.`);
          continue;
        }
        if (await handle({ uid: msg.uid, parsed }, emit)) seen.push(msg.uid);
      }
    } finally {
      lock.release();
    }
  } catch (e) {
    await imap.logout().catch(() => imap.close());
    throw e;
  }
  if (!seen.length) {
    await imap.logout().catch(() => imap.close());
    return undefined;
  }
  return async () => {
    try {
      await markSeen(imap, p.folder, seen);
    } catch (e) {
      ctx.logger.warning(`Marking mails seen failed (${(e as Error).message}), connecting again.`);
      imap.close();
      const again = await connect(p);
      await markSeen(again, p.folder, seen);
      await again.logout().catch(() => again.close());
      return;
    }
    await imap.logout().catch(() => imap.close());
  };
}

async function markSeen(imap: ImapFlow, folder: string, uids: number[]): Promise<void> {
  const lock = await imap.getMailboxLock(folder);
  try {
    await imap.messageFlagsAdd(uids, ['\\Seen'], { uid: true });
  } finally {
    lock.release();
  }
}

/** The unparsed value of a header, as upstream's imbox reports it (e.g. the Date line as sent). */
export function rawHeader(parsed: ParsedMail, name: string): string | undefined {
  const line = parsed.headerLines.find((h) => h.key === name)?.line;
  return line?.slice(line.indexOf(':') + 1).trim();
}

/** The extra.email_* fields upstream adds to every report of a mail. */
export function addMailFields(report: Report, parsed: ParsedMail): void {
  report.add('extra.email_subject', parsed.subject ?? '');
  const from = parsed.from?.value.map((a) => a.address ?? '').join(',') ?? '';
  report.add('extra.email_from', from);
  report.add('extra.email_message_id', parsed.messageId ?? rawHeader(parsed, 'message-id') ?? '');
  report.add('extra.email_date', rawHeader(parsed, 'date') ?? '');
}
