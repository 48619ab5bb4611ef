import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createServer as createTcpServer, connect, type Socket } from 'node:net';
import { request as httpRequest, createServer } from 'node:http';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { zipSync } from 'fflate';
import { pack } from 'tar-stream';
import { requireService } from '../../../../test/helpers/services.ts';
import { createCollector, freePort, startServer } from '../_shared/testing-server.ts';
import { testPki } from '../_shared/testing-tls.ts';
import { strftime } from '../_shared/time-format.ts';
import { bot } from './bot.ts';

const text = (b64: unknown) => Buffer.from(String(b64), 'base64').toString('utf8');

async function collectOnce(params: Record<string, unknown>) {
  const c = await createCollector(bot, params);
  try {
    return { ...(await c.collect()), logger: c.logger };
  } finally {
    await c.close();
  }
}

async function tarGz(files: Record<string, string>): Promise<Buffer> {
  const p = pack();
  for (const [name, content] of Object.entries(files)) p.entry({ name }, content);
  p.finalize();
  const chunks: Buffer[] = [];
  for await (const c of p) chunks.push(c as Buffer);
  return gzipSync(Buffer.concat(chunks));
}

test('downloads the body with User-Agent, http_header and basic auth; feed.url set', async () => {
  const srv = await startServer((_req, res) => res.end('1.2.3.4\n5.6.7.8\n'));
  try {
    const { reports } = await collectOnce({ http_url: `${srv.url}/list.txt`, http_header: { 'X-Token': 'abc' }, http_username: 'u', http_password: 'p' });
    assert.equal(reports.length, 1);
    assert.equal(text(reports[0]!['raw']), '1.2.3.4\n5.6.7.8\n');
    assert.equal(reports[0]!['feed.url'], `${srv.url}/list.txt`);
    assert.ok(!('extra.file_name' in reports[0]!));
    const h = srv.requests[0]!.headers;
    assert.match(String(h['user-agent']), /^Mozilla\/5\.0/);
    assert.equal(h['x-token'], 'abc');
    assert.equal(h['authorization'], `Basic ${Buffer.from('u:p').toString('base64')}`);
  } finally {
    await srv.close();
  }
});

test('http_url_formatting fills {time[...]} with now shifted by the timedelta', async () => {
  const srv = await startServer((_req, res) => res.end('x'));
  try {
    const { reports } = await collectOnce({ http_url: `${srv.url}/{time[%Y-%m-%d]}.csv`, http_url_formatting: { days: -1 } });
    const yesterday = strftime(new Date(Date.now() - 86_400_000), '%Y-%m-%d');
    assert.equal(srv.requests[0]!.url, `/${yesterday}.csv`);
    assert.equal(reports[0]!['feed.url'], `${srv.url}/${yesterday}.csv`);
    await assert.rejects(collectOnce({ http_url: `${srv.url}/{tme[%Y]}`, http_url_formatting: true }), /Cannot format http_url .*Unknown placeholder 'tme'/);
  } finally {
    await srv.close();
  }
});

test('zip files are unpacked without extract_files; each member is a report with extra.file_name', async () => {
  const zip = Buffer.from(zipSync({ 'a.csv': Buffer.from('a,1\n'), 'dir/b.csv': Buffer.from('b,2\n') }));
  const srv = await startServer((_req, res) => res.end(zip));
  try {
    const { reports } = await collectOnce({ http_url: `${srv.url}/x.zip` });
    assert.deepEqual(reports.map((r) => [r['extra.file_name'], text(r['raw'])]), [['a.csv', 'a,1\n'], ['dir/b.csv', 'b,2\n']]);
  } finally {
    await srv.close();
  }
});

test('extract_files: tar.gz members, a name list filters, a plain gzip is one unnamed report', async () => {
  const tgz = await tarGz({ 'one.txt': 'one', 'two.txt': 'two' });
  const gz = gzipSync(Buffer.from('plain gzip'));
  const srv = await startServer((req, res) => res.end(req.url === '/a.tgz' ? tgz : req.url === '/b.gz' ? gz : 'not an archive'));
  try {
    const all = await collectOnce({ http_url: `${srv.url}/a.tgz`, extract_files: true });
    assert.deepEqual(all.reports.map((r) => [r['extra.file_name'], text(r['raw'])]), [['one.txt', 'one'], ['two.txt', 'two']]);
    const some = await collectOnce({ http_url: `${srv.url}/a.tgz`, extract_files: 'two.txt' });
    assert.deepEqual(some.reports.map((r) => r['extra.file_name']), ['two.txt']);
    const plain = await collectOnce({ http_url: `${srv.url}/b.gz`, extract_files: true });
    assert.equal(plain.reports.length, 1);
    assert.equal(text(plain.reports[0]!['raw']), 'plain gzip');
    assert.ok(!('extra.file_name' in plain.reports[0]!));
    await assert.rejects(collectOnce({ http_url: `${srv.url}/c.txt`, extract_files: true }), /Failed to uncompress the given file/);
  } finally {
    await srv.close();
  }
});

test('a declared non-UTF-8 charset is recoded to UTF-8', async () => {
  const srv = await startServer((_req, res) => {
    res.setHeader('content-type', 'text/plain; charset=iso-8859-1');
    res.end(Buffer.from([0x63, 0x61, 0x66, 0xe9]));
  });
  try {
    const { reports } = await collectOnce({ http_url: srv.url });
    assert.equal(text(reports[0]!['raw']), 'café');
  } finally {
    await srv.close();
  }
});

test('non-2xx status is an error, nothing is sent', async () => {
  const srv = await startServer((_req, res) => {
    res.statusCode = 404;
    res.end('gone');
  });
  try {
    await assert.rejects(collectOnce({ http_url: srv.url }), /HTTP response status code was 404\./);
  } finally {
    await srv.close();
  }
});

test('unreachable server: error names host and port after http_timeout_max_tries tries', async () => {
  const port = await freePort();
  await assert.rejects(collectOnce({ http_url: `http://127.0.0.1:${port}/feed`, http_timeout_max_tries: 2 }), (e: Error) => {
    assert.match(e.message, new RegExp(`host 127\\.0\\.0\\.1, port ${port}\\) failed after 2 tries: .*ECONNREFUSED`));
    return true;
  });
});

test('a silent server times out after http_timeout_sec, once per try', async () => {
  const sockets: Socket[] = [];
  const silent = createTcpServer((s) => sockets.push(s));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const port = (silent.address() as AddressInfo).port;
  try {
    await assert.rejects(collectOnce({ http_url: `http://127.0.0.1:${port}/`, http_timeout_sec: 0.3, http_timeout_max_tries: 3 }), /failed after 3 tries: .*[Tt]imeout/);
    assert.equal(sockets.length, 3);
  } finally {
    for (const s of sockets) s.destroy();
    silent.close();
  }
});

test('TLS: verified against a CA bundle, rejected by default, accepted with http_verify_cert false, client certificate sent', async () => {
  const pki = testPki();
  const srv = await startServer((req, res) => {
    const peer = (req.socket as import('node:tls').TLSSocket).getPeerCertificate();
    res.end(peer && peer.subject ? `client ${peer.subject.CN}` : 'anonymous');
  }, { cert: pki.serverCert, key: pki.serverKey, ca: readFileSync(pki.caCert), requestCert: true, rejectUnauthorized: false });
  try {
    const ok = await collectOnce({ http_url: srv.url, http_verify_cert: pki.caCert });
    assert.equal(text(ok.reports[0]!['raw']), 'anonymous');
    await assert.rejects(collectOnce({ http_url: srv.url, http_timeout_max_tries: 1 }), /port \d+\) failed after 1 try: .*(self[- ]signed|unable to verify|local issuer)/i);
    const insecure = await collectOnce({ http_url: srv.url, http_verify_cert: false });
    assert.equal(insecure.reports.length, 1);
    const withCert = await collectOnce({ http_url: srv.url, http_verify_cert: pki.caCert, ssl_client_certificate: pki.clientPem });
    assert.equal(text(withCert.reports[0]!['raw']), 'client client');
  } finally {
    await srv.close();
  }
});

test('proxies are used only when both http_proxy and https_proxy are set', async () => {
  const origin = await startServer((_req, res) => res.end('via origin'));
  const seen: string[] = [];
  const proxy = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const fwd = httpRequest(req.url!, { method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    req.pipe(fwd);
  });
  proxy.on('connect', (req, client: Socket, head: Buffer) => {
    seen.push(`CONNECT ${req.url}`);
    const [host, port] = req.url!.split(':');
    const up = connect(Number(port), host!, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      up.write(head);
      up.pipe(client);
      client.pipe(up);
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  try {
    const only = await collectOnce({ http_url: `${origin.url}/a`, http_proxy: proxyUrl });
    assert.equal(seen.length, 0);
    assert.ok(only.logger.lines.some((l) => l.level === 'WARNING' && l.message === 'Only http_proxy seems to be set.Both http and https proxies must be set.'));
    const both = await collectOnce({ http_url: `${origin.url}/b`, http_proxy: proxyUrl, https_proxy: proxyUrl });
    assert.equal(text(both.reports[0]!['raw']), 'via origin');
    assert.deepEqual(seen, [`GET ${origin.url}/b`]);
  } finally {
    proxy.closeAllConnections();
    proxy.close();
    await origin.close();
  }
});

test('PGP: a valid detached signature lets the report through, a bad one rejects it', async (t) => {
  const home = mkdtempSync(join(tmpdir(), 'intelmq-gpg-'));
  const gpg = (...args: string[]) => execFileSync('gpg', ['--homedir', home, '--batch', '--pinentry-mode', 'loopback', '--passphrase', '', ...args], { stdio: 'pipe' });
  const keyMade = async () => void gpg('--quick-gen-key', 'IntelMQ Test <test@example.invalid>', 'ed25519', 'sign', '1d');
  if (!(await requireService(t, 'gpg (Debian package gnupg) able to create a test key', keyMade))) return;
  const data = Buffer.from('10.0.0.1\n');
  const dataFile = join(home, 'data');
  writeFileSync(dataFile, data);
  gpg('--detach-sign', '--output', `${dataFile}.sig`, dataFile);
  const keyring = join(home, 'trusted.kbx');
  const exported = join(home, 'pub.gpg');
  gpg('--output', exported, '--export');
  gpg('--no-default-keyring', '--keyring', keyring, '--import', exported);
  const sig = readFileSync(`${dataFile}.sig`);
  const srv = await startServer((req, res) => res.end(req.url === '/data' ? data : req.url === '/data.sig' ? sig : 'tampered\n'));
  const saved = process.env['GNUPGHOME'];
  process.env['GNUPGHOME'] = home;
  try {
    const params = { verify_pgp_signatures: true, signature_url: `${srv.url}/data.sig`, gpg_keyring: keyring };
    const good = await collectOnce({ ...params, http_url: `${srv.url}/data` });
    assert.equal(good.reports.length, 1);
    assert.ok(good.logger.lines.some((l) => /^PGP signature checked with key \S+: signature good\.$/.test(l.message)));
    const bad = await collectOnce({ ...params, http_url: `${srv.url}/other` });
    assert.equal(bad.reports.length, 0);
    assert.ok(bad.logger.lines.some((l) => l.level === 'ERROR' && /is not valid: signature bad\. Report rejected\./.test(l.message)));
  } finally {
    if (saved === undefined) delete process.env['GNUPGHOME'];
    else process.env['GNUPGHOME'] = saved;
    await srv.close();
  }
});

test('http_url is required', async () => {
  await assert.rejects(createCollector(bot, {}), /parameter 'http_url' is required/);
});
