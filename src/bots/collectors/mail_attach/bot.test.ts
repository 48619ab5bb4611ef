import { after, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { zipSync } from 'fflate';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { requireService } from '../../../../test/helpers/services.ts';
import { startDovecot, type Dovecot } from '../_shared/testing-dovecot.ts';
import { createCollector, freePort } from '../_shared/testing-server.ts';
import { bot } from './bot.ts';

const text = (b64: unknown) => Buffer.from(String(b64), 'base64').toString('utf8');

let server: Promise<Dovecot> | undefined;
const dovecot = () => (server ??= startDovecot());
after(async () => (await server?.catch(() => undefined))?.stop());
const available = (t: TestContext) => requireService(t, 'dovecot-imapd (private instance on 127.0.0.1)', async () => void (await dovecot()));

function mail(subject: string, attachments: Array<{ filename: string; content: Buffer }>): Promise<string> {
  return new MailComposer({ from: 'Feed <feed@example.com>', to: 'cert@example.net', subject, text: 'see attachment', date: new Date('2024-05-06T07:08:09Z'), messageId: `<${subject.replace(/\W/g, '')}@example.com>`, attachments })
    .compile()
    .build()
    .then((b) => b.toString('utf8'));
}

test('matching attachments of matching unread mails become reports; mails are marked seen after the commit', async (t) => {
  if (!(await available(t))) return;
  const d = await dovecot();
  const zip = Buffer.from(zipSync({ 'data.csv': Buffer.from('ip\n10.0.0.1\n') }));
  await d.append(await mail('Report 1', [{ filename: 'data.csv.zip', content: zip }, { filename: 'notes.txt', content: Buffer.from('n') }]));
  await d.append(await mail('Unrelated', [{ filename: 'data.csv.zip', content: zip }]));
  await d.append(await mail('Report without data', [{ filename: 'notes.txt', content: Buffer.from('n') }]));
  const before = await d.flags();
  const c = await createCollector(bot, { mail_host: d.host, mail_port: d.port, mail_ssl: false, mail_user: d.user, mail_password: d.password, subject_regex: '^Report', sent_from: 'feed@example.com' });
  try {
    const run = await c.collect();
    assert.equal(run.reports.length, 1);
    const r = run.reports[0]!;
    assert.equal(text(r['raw']), 'ip\n10.0.0.1\n');
    assert.equal(r['extra.file_name'], 'data.csv');
    assert.equal(r['extra.email_subject'], 'Report 1');
    assert.equal(r['extra.email_from'], 'feed@example.com');
    assert.equal(r['extra.email_message_id'], '<Report1@example.com>');
    assert.equal(r['extra.email_date'], 'Mon, 06 May 2024 07:08:09 +0000');
    assert.deepEqual((await d.flags()).seen, before.seen, 'nothing is marked seen before the commit');
    await run.onCommitted!();
    const after = await d.flags();
    assert.equal(after.seen.length, before.seen.length + 1);
    assert.equal(after.unseen.length, before.unseen.length - 1);
    assert.equal((await c.collect()).reports.length, 0);
  } finally {
    await c.close();
  }
});

test('IMAPS verified with ssl_ca_certificate; extract_files false sends the attachment as it is', async (t) => {
  if (!(await available(t))) return;
  const d = await dovecot();
  await d.append(await mail('TLS report', [{ filename: 'plain.csv.zip', content: Buffer.from('not really zipped') }]));
  const params = { mail_host: '127.0.0.1', mail_port: d.sslPort, mail_user: d.user, mail_password: d.password, subject_regex: '^TLS', extract_files: false };
  const c = await createCollector(bot, { ...params, ssl_ca_certificate: d.caCert });
  try {
    const run = await c.collect();
    assert.equal(text(run.reports[0]!['raw']), 'not really zipped');
    assert.ok(!('extra.file_name' in run.reports[0]!));
    await run.onCommitted!();
  } finally {
    await c.close();
  }
  const untrusted = await createCollector(bot, params);
  await assert.rejects(untrusted.collect(), new RegExp(`Cannot connect to IMAP server 127\\.0\\.0\\.1:${d.sslPort} as 'intelmq': .*(self[- ]signed|local issuer|unable to verify)`, 'i'));
  await untrusted.close();
});

test('unreachable server and wrong password are clear errors', async (t) => {
  const port = await freePort();
  const down = await createCollector(bot, { mail_host: '127.0.0.1', mail_port: port, mail_ssl: false, mail_user: 'u', mail_password: 'p' });
  await assert.rejects(down.collect(), new RegExp(`Cannot connect to IMAP server 127\\.0\\.0\\.1:${port} as 'u': .*ECONNREFUSED`));
  await down.close();
  if (!(await available(t))) return;
  const d = await dovecot();
  const wrong = await createCollector(bot, { mail_host: d.host, mail_port: d.port, mail_ssl: false, mail_user: d.user, mail_password: 'wrong' });
  await assert.rejects(wrong.collect(), new RegExp(`Cannot connect to IMAP server 127\\.0\\.0\\.1:${d.port} as 'intelmq': .*(AUTHENTICATIONFAILED|[Aa]uthentication failed)`));
  await wrong.close();
});
