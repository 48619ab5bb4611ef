import { readFileSync } from 'node:fs';
import { createTransport } from 'nodemailer';
import { Type } from '@sinclair/typebox';
import { defineOutput } from '../../../bot/declaration.ts';
import type { Event } from '../../../message/index.ts';
import { formatEvent, pyStr } from '../_shared/format-event.ts';

const DEFAULT_FIELDNAMES = 'classification.taxonomy,classification.type,classification.identifier,source.ip,source.asn,source.port';
// Upstream's default really contains backslash-n sequences, not newlines.
const DEFAULT_TEXT = 'Dear network owner,\\n\\nWe have been informed that the following device might have security problems.\\n\\nYour localhost CERT';

export const bot = defineOutput({
  module: 'intelmq.bots.outputs.smtp.output',
  name: 'SMTP',
  description:
    'Sends one mail per event: a text part and the event as CSV attachment events.csv; subject, sender, recipients and text may use {ev[<field>]} placeholders (missing fields give "None").',
  multithreadable: false,
  parameters: Type.Object({
    smtp_host: Type.String({ default: 'localhost', description: 'SMTP server.' }),
    smtp_port: Type.Integer({ minimum: 1, maximum: 65535, default: 25, description: 'SMTP port.' }),
    ssl: Type.Boolean({ default: false, description: 'Implicit TLS (SMTPS); set smtp_port accordingly.' }),
    starttls: Type.Boolean({ default: true, description: 'Upgrade with STARTTLS (required when set).' }),
    http_verify_cert: Type.Union([Type.Boolean(), Type.String()], { default: true, description: 'Verify the server certificate for SMTPS and STARTTLS: true/false, or a CA bundle file to verify against.' }),
    smtp_username: Type.Union([Type.String(), Type.Null()], { default: null, description: 'User; authentication is used only when user and password are set.' }),
    smtp_password: Type.Union([Type.String(), Type.Null()], { default: null, description: 'Password.' }),
    mail_from: Type.String({ default: 'cert@localhost', description: 'Sender; the From header may use placeholders, the envelope sender is taken as written.' }),
    mail_to: Type.String({ default: '{ev[source.abuse_contact]}', description: 'Comma-separated recipients; placeholders allowed.' }),
    subject: Type.String({ default: 'Incident in your AS {ev[source.asn]}', description: 'Subject; placeholders allowed.' }),
    text: Type.Union([Type.String(), Type.Null()], { default: DEFAULT_TEXT, description: 'Body text; placeholders allowed; null = no text part.' }),
    fieldnames: Type.Union([Type.String(), Type.Array(Type.String()), Type.Null()], {
      default: DEFAULT_FIELDNAMES,
      description: 'Fields of the CSV attachment (list or comma-separated); empty = no attachment.',
    }),
  }),
  create(ctx) {
    const p = ctx.params;
    const fieldnames = (typeof p.fieldnames === 'string' ? p.fieldnames.split(',') : (p.fieldnames ?? [])).filter(Boolean);
    const where = `${p.smtp_host}:${p.smtp_port}`;
    const transport = createTransport({
      host: p.smtp_host,
      port: p.smtp_port,
      secure: p.ssl,
      requireTLS: !p.ssl && p.starttls,
      ignoreTLS: !p.ssl && !p.starttls,
      tls: { rejectUnauthorized: p.http_verify_cert !== false, ...(typeof p.http_verify_cert === 'string' ? { ca: readFileSync(p.http_verify_cert) } : {}) },
      ...(p.smtp_username && p.smtp_password ? { auth: { user: p.smtp_username, pass: p.smtp_password } } : {}),
    });
    return {
      async process(event) {
        const fmt = (template: string) => formatEvent(template, event, 'None');
        const recipients = fmt(p.mail_to).split(',');
        ctx.logger.debug(`Sending mail to ${JSON.stringify(recipients)}.`);
        try {
          await transport.sendMail({
            envelope: { from: p.mail_from, to: recipients },
            from: fmt(p.mail_from),
            to: fmt(p.mail_to),
            subject: fmt(p.subject),
            ...(p.text !== null ? { text: fmt(p.text) } : {}),
            ...(fieldnames.length ? { attachments: [{ filename: 'events.csv', contentType: 'text/csv', content: csv(event, fieldnames) }] } : {}),
          });
        } catch (e) {
          throw new Error(`Sending mail via ${where} failed: ${(e as Error).message}`, { cause: e });
        }
      },
      shutdown: () => transport.close(),
    };
  },
});

/** Python's csv.DictWriter(delimiter=';', QUOTE_MINIMAL, lineterminator='\n'): header and one row. */
function csv(event: Event, fieldnames: string[]): string {
  const cell = (v: string) => (/[;"\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const row = fieldnames.map((f) => cell(event.has(f) ? pyStr(event, f) : ''));
  return `${fieldnames.map(cell).join(';')}\n${row.join(';')}\n`;
}
