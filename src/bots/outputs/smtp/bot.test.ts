import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { freePort } from '../../collectors/_shared/testing-server.ts';
import { testPki } from '../../collectors/_shared/testing-tls.ts';
import { SAMPLE, event, runOutput } from '../_shared/testing.ts';
import { bot } from './bot.ts';

interface Received {
  from: string;
  to: string[];
  mail: ParsedMail;
  user?: string;
}

async function sink(opts: { tls?: boolean; auth?: boolean } = {}) {
  const received: Received[] = [];
  const pki = testPki();
  const server = new SMTPServer({
    ...(opts.tls ? { key: pki.serverKey, cert: pki.serverCert } : { disabledCommands: ['STARTTLS'] }),
    authOptional: !opts.auth,
    allowInsecureAuth: true,
    onAuth(auth, _session, cb) {
      if (auth.username === 'cert' && auth.password === 'pw') cb(null, { user: auth.username });
      else cb(new Error('Invalid username or password'));
    },
    onData(stream, session, cb) {
      simpleParser(stream).then((mail) => {
        received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), mail, ...(session.user ? { user: String(session.user) } : {}) });
        cb();
      }, cb);
    },
    logger: false,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const ev = () => event({ ...SAMPLE, 'source.abuse_contact': 'abuse@example.net,noc@example.net', 'classification.taxonomy': 'malicious-code' });

test('one mail per event: formatted headers, text part, events.csv attachment; STARTTLS', async () => {
  const s = await sink({ tls: true });
  try {
    const r = await runOutput(bot, { smtp_host: '127.0.0.1', smtp_port: s.port, http_verify_cert: false, text: 'Hello {ev[source.ip]}, missing: {ev[source.fqdn]}' }, [ev()]);
    assert.equal(r.dumps.length, 0);
    const m = s.received[0]!;
    assert.equal(m.from, 'cert@localhost');
    assert.deepEqual(m.to, ['abuse@example.net', 'noc@example.net']);
    assert.equal(m.mail.subject, 'Incident in your AS 64496');
    assert.equal(m.mail.text?.trim(), 'Hello 192.0.2.1, missing: None');
    const csv = m.mail.attachments[0]!;
    assert.equal(csv.filename, 'events.csv');
    assert.equal(csv.contentType, 'text/csv');
    assert.equal(csv.content.toString('utf8'), 'classification.taxonomy;classification.type;classification.identifier;source.ip;source.asn;source.port\nmalicious-code;malware-distribution;;192.0.2.1;64496;8080\n');
  } finally {
    await s.close();
  }
});

test('STARTTLS verifies the certificate: refused when untrusted (event dumped), accepted with a CA bundle', async () => {
  const s = await sink({ tls: true });
  try {
    const e = ev();
    const r = await runOutput(bot, { smtp_host: '127.0.0.1', smtp_port: s.port }, [e]);
    assert.equal(r.dumps[0]!.message, e.serialize());
    assert.match(String(r.dumps[0]!.traceback), new RegExp(`Sending mail via 127\\.0\\.0\\.1:${s.port} failed: .*(self[- ]signed|local issuer|unable to verify)`, 'i'));
    assert.equal(s.received.length, 0);
    const trusted = await runOutput(bot, { smtp_host: '127.0.0.1', smtp_port: s.port, http_verify_cert: testPki().caCert }, [e]);
    assert.equal(trusted.dumps.length, 0);
    assert.equal(s.received.length, 1);
  } finally {
    await s.close();
  }
});

test('plain SMTP with authentication, no attachment when fieldnames is empty', async () => {
  const s = await sink({ auth: true });
  try {
    const r = await runOutput(bot, { smtp_host: '127.0.0.1', smtp_port: s.port, starttls: false, smtp_username: 'cert', smtp_password: 'pw', fieldnames: '', mail_to: 'fixed@example.net', subject: 'About {ev[source.ip]}' }, [ev()]);
    assert.equal(r.dumps.length, 0);
    const m = s.received[0]!;
    assert.equal(m.user, 'cert');
    assert.deepEqual(m.to, ['fixed@example.net']);
    assert.equal(m.mail.attachments.length, 0);
    assert.equal(m.mail.subject, 'About 192.0.2.1');
    assert.equal(m.mail.text?.trim(), 'Dear network owner,\\n\\nWe have been informed that the following device might have security problems.\\n\\nYour localhost CERT');
  } finally {
    await s.close();
  }
});

test('unreachable SMTP server: error names host and port', async () => {
  const port = await freePort();
  const r = await runOutput(bot, { smtp_host: '127.0.0.1', smtp_port: port, starttls: false }, [ev()]);
  assert.equal(r.dumps.length, 1);
  assert.match(String(r.dumps[0]!.traceback), new RegExp(`Sending mail via 127\\.0\\.0\\.1:${port} failed: .*ECONNREFUSED`));
});
