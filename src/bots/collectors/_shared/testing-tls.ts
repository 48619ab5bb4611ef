/**
 * Test support: a throw-away CA with a server certificate for 127.0.0.1 and
 * a client certificate, made with the openssl binary (Node cannot issue
 * X.509 certificates itself).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestPki {
  dir: string;
  caCert: string;
  serverCert: Buffer;
  serverKey: Buffer;
  /** One PEM file with the client certificate and its key, as `ssl_client_certificate` expects. */
  clientPem: string;
}

let cached: TestPki | undefined;

export function testPki(): TestPki {
  if (cached) return cached;
  const dir = mkdtempSync(join(tmpdir(), 'intelmq-pki-'));
  const p = (name: string) => join(dir, name);
  const ssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=intelmq-test-ca', '-keyout', p('ca.key'), '-out', p('ca.pem'));
  writeFileSync(p('server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  for (const [name, ext] of [['server', ['-extfile', p('server.ext')]], ['client', []]] as const) {
    ssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${name}`, '-keyout', p(`${name}.key`), '-out', p(`${name}.csr`));
    ssl('x509', '-req', '-in', p(`${name}.csr`), '-CA', p('ca.pem'), '-CAkey', p('ca.key'), '-CAcreateserial', '-days', '2', '-out', p(`${name}.pem`), ...ext);
  }
  writeFileSync(p('client-bundle.pem'), Buffer.concat([readFileSync(p('client.pem')), readFileSync(p('client.key'))]));
  cached = { dir, caCert: p('ca.pem'), serverCert: readFileSync(p('server.pem')), serverKey: readFileSync(p('server.key')), clientPem: p('client-bundle.pem') };
  return cached;
}
