import { after, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { requireService } from '../../../../test/helpers/services.ts';
import { startDovecot, type Dovecot } from '../_shared/testing-dovecot.ts';
import { createCollector, freePort, startServer } from '../_shared/testing-server.ts';
import { bot } from './bot.ts';

const text = (b64: unknown) => Buffer.from(String(b64), 'base64').toString('utf8');

let server: Promise<Dovecot> | undefined;
const dovecot = () => (server ??= startDovecot());
after(async () => (await server?.catch(() => undefined))?.stop());
const available = (t: TestContext) => requireService(t, 'dovecot-imapd (private instance on 127.0.0.1)', async () => void (await dovecot()));

function mail(subject: string, body: string, html?: string): Promise<string> {
  return new MailComposer({ from: 'feed@example.com', to: 'cert@example.net', subject, text: body, ...(html ? { html } : {}), messageId: `<${subject.replace(/\W/g, '')}@example.com>` })
    .compile()
    .build()
    .then((b) => b.toString('utf8'));
}

test('downloads the first matching URL of the plain body; chunks share the header; failed downloads stay unread', async (t) => {
  if (!(await available(t))) return;
  const d = await dovecot();
  const web = await startServer((req, res) => {
    if (req.url === '/report.csv') {
      res.setHeader('content-disposition', 'attachment; filename="daily.csv"');
      res.end('ip,port\n10.0.0.1,1\n10.0.0.2,2\n10.0.0.3,3\n');
    } else {
      res.statusCode = 500;
      res.end();
    }
  });
  const down = await freePort();
  try {
    await d.append(await mail('URL ok', `Your report: ${web.url}/report.csv\nbye`));
    await d.append(await mail('URL broken', `Your report: ${web.url}/broken.csv`));
    await d.append(await mail('URL down', `Your report: http://127.0.0.1:${down}/x.csv`));
    await d.append(await mail('URL only in html', 'no link here', `<a href="${web.url}/report.csv">x</a>`));
    const before = await d.flags();
    const c = await createCollector(bot, {
      mail_host: d.host, mail_port: d.port, mail_ssl: false, mail_user: d.user, mail_password: d.password,
      subject_regex: '^URL', url_regex: 'http://127\\.0\\.0\\.1:\\d+/\\S+', chunk_size: 20, http_timeout_max_tries: 1,
    });
    try {
      const run = await c.collect();
      assert.deepEqual(run.reports.map((r) => text(r['raw'])), ['ip,port\n10.0.0.1,1\n', 'ip,port\n10.0.0.2,2\n', 'ip,port\n10.0.0.3,3\n']);
      const r = run.reports[0]!;
      assert.equal(r['feed.url'], `${web.url}/report.csv`);
      assert.equal(r['extra.file_name'], 'daily.csv');
      assert.equal(r['extra.email_subject'], 'URL ok');
      assert.ok(c.logger.lines.some((l) => l.level === 'ERROR' && l.message === 'HTTP response status code was 500. The mail stays unread.'));
      assert.ok(c.logger.lines.some((l) => l.level === 'ERROR' && new RegExp(`port ${down}\\) failed after 1 try: .*ECONNREFUSED.* The mail stays unread\\.$`).test(l.message)));
      await run.onCommitted!();
      const after = await d.flags();
      assert.equal(after.seen.length, before.seen.length + 1, 'only the mail whose download worked is seen');
    } finally {
      await c.close();
    }
  } finally {
    await web.close();
  }
});
