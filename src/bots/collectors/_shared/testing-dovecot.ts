/**
 * Test support: a private Dovecot IMAP server on 127.0.0.1 (Debian package
 * dovecot-imapd) with one user, plain IMAP and IMAPS with the test PKI.
 * `startDovecot` rejects with the reason when it cannot be had (no binary,
 * not root), so the caller can skip loudly through requireService.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ImapFlow } from 'imapflow';
import { tcpProbe } from '../../../../test/helpers/services.ts';
import { freePort } from './testing-server.ts';
import { testPki } from './testing-tls.ts';

export interface Dovecot {
  host: string;
  port: number;
  sslPort: number;
  user: string;
  password: string;
  caCert: string;
  /** Stores a raw RFC 822 message in INBOX, unread. */
  append(raw: string): Promise<void>;
  /** UIDs of INBOX messages, with and without \Seen. */
  flags(): Promise<{ seen: number[]; unseen: number[] }>;
  stop(): Promise<void>;
}

const MAIL_UID = 65534;

export async function startDovecot(): Promise<Dovecot> {
  if (spawnSync('dovecot', ['--version'], { stdio: 'ignore' }).status !== 0) throw new Error('dovecot binary not found (Debian package dovecot-imapd)');
  if (process.getuid?.() !== 0) throw new Error('starting a private dovecot needs root');
  const pki = testPki();
  const dir = mkdtempSync(join(tmpdir(), 'intelmq-dovecot-'));
  // Dovecot's login processes run as dovenull and must reach the sockets below this directory.
  chmodSync(dir, 0o755);
  const mail = join(dir, 'mail');
  mkdirSync(mail);
  chownSync(mail, MAIL_UID, MAIL_UID);
  const [port, sslPort] = [await freePort(), await freePort()];
  const user = 'intelmq';
  const password = 'secret-test';
  writeFileSync(join(dir, 'passwd'), `${user}:{PLAIN}${password}\n`);
  writeFileSync(join(dir, 'server.pem'), pki.serverCert);
  writeFileSync(join(dir, 'server.key'), pki.serverKey);
  writeFileSync(
    join(dir, 'dovecot.conf'),
    `protocols = imap
listen = 127.0.0.1
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
ssl = yes
ssl_cert = <${dir}/server.pem
ssl_key = <${dir}/server.key
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:${mail}/%u
first_valid_uid = 1
passdb {
  driver = passwd-file
  args = scheme=PLAIN ${dir}/passwd
}
userdb {
  driver = static
  args = uid=${MAIL_UID} gid=${MAIL_UID} home=${mail}/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = ${sslPort}
  }
}
service pop3-login {
  inet_listener pop3 {
    port = 0
  }
}
`,
  );
  const child: ChildProcess = spawn('dovecot', ['-F', '-c', join(dir, 'dovecot.conf')], { stdio: 'ignore' });
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; ; i++) {
    try {
      await tcpProbe('127.0.0.1', port, 200)();
      break;
    } catch (e) {
      if (i >= 50 || child.exitCode !== null) {
        const log = readLog(join(dir, 'dovecot.log'));
        await stop();
        throw new Error(`dovecot did not start: ${(e as Error).message}; ${log}`);
      }
      await sleep(100);
    }
  }
  const client = () => new ImapFlow({ host: '127.0.0.1', port, secure: false, doSTARTTLS: false, auth: { user, pass: password }, logger: false });
  const withClient = async <T>(fn: (c: ImapFlow) => Promise<T>): Promise<T> => {
    const c = client();
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.logout();
    }
  };
  return {
    host: '127.0.0.1',
    port,
    sslPort,
    user,
    password,
    caCert: pki.caCert,
    append: (raw) => withClient(async (c) => void (await c.append('INBOX', raw))),
    flags: () =>
      withClient(async (c) => {
        const lock = await c.getMailboxLock('INBOX');
        try {
          const seen = (await c.search({ seen: true }, { uid: true })) || [];
          const unseen = (await c.search({ seen: false }, { uid: true })) || [];
          return { seen, unseen };
        } finally {
          lock.release();
        }
      }),
    stop,
  };
}

function readLog(path: string): string {
  try {
    return readFileSync(path, 'utf8').split('\n').slice(-5).join(' | ');
  } catch {
    return 'no log';
  }
}
