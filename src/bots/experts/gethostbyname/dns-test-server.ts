/**
 * Test support: real DNS servers on 127.0.0.1 with an ephemeral port. Zone
 * data is served by dnsmasq (Debian package dnsmasq-base) run as a child
 * process; the answers dnsmasq cannot be made to give on demand (SERVFAIL,
 * silence, an empty NOERROR for any name) come from a minimal UDP responder.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Resolver } from 'node:dns/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Probe } from '../../../../test/helpers/services.ts';

export interface DnsTestServer {
  /** For `dns_server`: `127.0.0.1:<port>`. */
  readonly server: string;
  close(): Promise<void>;
}

export interface Zone {
  /** name → IPv4 address (for the name and its subdomains, as dnsmasq's `address`). */
  a?: Record<string, string>;
  /** name → TXT records (one string each). */
  txt?: Record<string, string[]>;
  /** reverse name (`4.3.2.1.in-addr.arpa`) → PTR targets. */
  ptr?: Record<string, string[]>;
}

/** Domains answered only from the zone: unknown names there are NXDOMAIN, anything else REFUSED. */
const LOCAL_DOMAINS = ['test', 'example', 'cymru.com', 'in-addr.arpa', 'ip6.arpa'];

export const DNSMASQ_SERVICE = 'dnsmasq (Debian package dnsmasq-base)';

export const dnsmasqProbe: Probe = async () => {
  const r = spawnSync('dnsmasq', ['--version'], { encoding: 'utf8' });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`dnsmasq --version exited with ${r.status}: ${r.stderr}`);
};

function quoted(text: string): string {
  if (/["\\\n]/.test(text)) throw new Error(`zone text ${JSON.stringify(text)} needs escaping the test server does not do`);
  return `"${text}"`;
}

function config(zone: Zone): string {
  const lines = LOCAL_DOMAINS.map((d) => `local=/${d}/`);
  for (const [name, ip] of Object.entries(zone.a ?? {})) lines.push(`address=/${name}/${ip}`);
  for (const [name, texts] of Object.entries(zone.txt ?? {})) for (const t of texts) lines.push(`txt-record=${name},${quoted(t)}`);
  for (const [name, targets] of Object.entries(zone.ptr ?? {})) for (const t of targets) lines.push(`ptr-record=${name},${quoted(t)}`);
  return `${lines.join('\n')}\n`;
}

async function freeUdpPort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', resolve));
  const { port } = s.address();
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

async function waitUntilAnswering(server: string, exited: () => string | null): Promise<void> {
  const probe = new Resolver({ timeout: 200, tries: 1 });
  probe.setServers([server]);
  for (let i = 0; i < 50; i++) {
    const gone = exited();
    if (gone !== null) throw new Error(gone);
    try {
      await probe.resolve4('ready.test');
      return;
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOTFOUND') return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`dnsmasq did not answer at ${server} within 5 s`);
}

export async function startDnsmasq(zone: Zone): Promise<DnsTestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'intelmq-dnsmasq-'));
  const conf = join(dir, 'dnsmasq.conf');
  writeFileSync(conf, config(zone));
  let lastError: unknown;
  // Another process may take the port between probing and binding; a new one is tried then.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freeUdpPort();
    const child = spawn(
      'dnsmasq',
      ['--no-daemon', `--port=${port}`, '--listen-address=127.0.0.1', '--bind-interfaces', '--no-resolv', '--no-hosts', '--pid-file', `--conf-file=${conf}`],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    let exit: string | null = null;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code, signal) => (exit = `dnsmasq exited (${code ?? signal}): ${stderr.trim()}`));
    child.on('error', (error) => (exit = `dnsmasq could not be started: ${error.message}`));
    const server = `127.0.0.1:${port}`;
    try {
      await waitUntilAnswering(server, () => exit);
      return {
        server,
        close: async () => {
          if (exit === null) {
            const gone = new Promise((resolve) => child.once('exit', resolve));
            child.kill();
            await gone;
          }
          rmSync(dir, { recursive: true, force: true });
        },
      };
    } catch (error) {
      lastError = error;
      if (exit === null) child.kill();
    }
  }
  rmSync(dir, { recursive: true, force: true });
  throw lastError;
}

const RCODE = { servfail: 2, nodata: 0 } as const;

/** A UDP DNS server that answers every query with SERVFAIL, or with no records (NODATA), or never. */
export async function startStubDnsServer(mode: 'servfail' | 'nodata' | 'silent'): Promise<DnsTestServer> {
  const socket: Socket = createSocket('udp4');
  socket.on('message', (query, peer) => {
    if (mode === 'silent' || query.length < 12) return;
    // Header and question only: the query's EDNS record must not be echoed.
    let end = 12;
    while (end < query.length && query[end] !== 0) end += query[end]! + 1;
    const reply = Buffer.from(query.subarray(0, Math.min(end + 5, query.length)));
    reply[2] = 0x80 | (query[2]! & 0x79); // QR set, opcode and RD echoed, AA/TC cleared
    reply[3] = 0x80 | RCODE[mode]; // RA and the response code
    reply.writeUInt16BE(0, 6);
    reply.writeUInt16BE(0, 8);
    reply.writeUInt16BE(0, 10);
    socket.send(reply, peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    server: `127.0.0.1:${socket.address().port}`,
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}
