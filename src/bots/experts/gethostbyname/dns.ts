/**
 * DNS queries for the lookup experts (gethostbyname, reverse_dns,
 * cymru_whois) through node's c-ares `Resolver`, against `dns_server` or the
 * servers of /etc/resolv.conf. Answers fall in three kinds: records, a
 * definite "nothing there" (NXDOMAIN, NODATA, a name DNS cannot carry), or a
 * failure of the server or the network, thrown as DnsError so the runtime
 * retries the message instead of passing it on without the data.
 */
import { Resolver } from 'node:dns/promises';
import { Type } from '@sinclair/typebox';
import ipaddr from 'ipaddr.js';

export const DnsParameters = {
  dns_server: Type.Union([Type.String(), Type.Array(Type.String()), Type.Null()], {
    default: null,
    description: 'Name servers to ask: "IP" or "IP:port" ("[IPv6]:port"), a list or comma-separated; null = the servers of /etc/resolv.conf.',
  }),
  dns_timeout_sec: Type.Number({ exclusiveMinimum: 0, default: 5, description: 'Seconds to wait for an answer, per try.' }),
  dns_tries: Type.Integer({ minimum: 1, default: 2, description: 'Tries of a query that gets no answer.' }),
};

export interface DnsSettings {
  dns_server: string | readonly string[] | null;
  dns_timeout_sec: number;
  dns_tries: number;
}

export type Absence = 'NXDOMAIN' | 'NODATA' | 'BADNAME';
export type Answer<T> = { readonly records: T } | { readonly absent: Absence };

/** c-ares codes that are answers, not failures. */
const ABSENCE: Readonly<Record<string, Absence>> = { ENOTFOUND: 'NXDOMAIN', ENODATA: 'NODATA', EBADNAME: 'BADNAME' };

/** The server failed or could not be reached (SERVFAIL, REFUSED, timeout, ...); `code` is c-ares' (ESERVFAIL, ETIMEOUT, ...). */
export class DnsError extends Error {
  override name = 'DnsError';
  constructor(message: string, readonly code: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/** PTR name of an address: `4.3.2.1.in-addr.arpa` (IPv4-mapped IPv6 too, as dnspython) or the nibble-reversed `….ip6.arpa`. */
export function reverseName(address: string): string {
  const parsed = ipaddr.parse(address);
  const ip = parsed instanceof ipaddr.IPv6 && parsed.isIPv4MappedAddress() ? parsed.toIPv4Address() : parsed;
  if (ip instanceof ipaddr.IPv4) return `${ip.toByteArray().reverse().join('.')}.in-addr.arpa`;
  const nibbles = ip.toByteArray().flatMap((b) => [b >> 4, b & 15].map((n) => n.toString(16)));
  return `${nibbles.reverse().join('.')}.ip6.arpa`;
}

export function parseServers(value: DnsSettings['dns_server']): string[] {
  if (value === null) return [];
  const list = typeof value === 'string' ? value.split(',') : value;
  return list.map((s) => s.trim()).filter(Boolean);
}

export class DnsClient {
  private readonly resolver: Resolver;

  constructor(settings: DnsSettings) {
    this.resolver = new Resolver({ timeout: Math.round(settings.dns_timeout_sec * 1000), tries: settings.dns_tries });
    const servers = parseServers(settings.dns_server);
    if (servers.length) {
      try {
        this.resolver.setServers(servers);
      } catch (error) {
        throw new Error(`Invalid dns_server ${JSON.stringify(settings.dns_server)}: ${(error as Error).message}`);
      }
    }
  }

  /** For messages: which servers were asked. */
  describeServers(): string {
    const servers = this.resolver.getServers();
    return servers.length ? servers.join(', ') : 'no name server configured';
  }

  a(name: string): Promise<Answer<string[]>> {
    return this.ask('A', name, () => this.resolver.resolve4(name));
  }

  txt(name: string): Promise<Answer<string[][]>> {
    return this.ask('TXT', name, () => this.resolver.resolveTxt(name));
  }

  /** PTR records of an address. (`Resolver.reverse` reports NODATA and SERVFAIL both as ENOTFOUND, so the name is queried directly.) */
  ptr(address: string): Promise<Answer<string[]>> {
    const name = reverseName(address);
    return this.ask('PTR', name, () => this.resolver.resolvePtr(name));
  }

  close(): void {
    this.resolver.cancel();
  }

  private async ask<T>(type: string, name: string, query: () => Promise<T>): Promise<Answer<T>> {
    try {
      return { records: await query() };
    } catch (error) {
      const code = String((error as { code?: unknown }).code ?? 'EUNKNOWN');
      const absent = ABSENCE[code];
      if (absent) return { absent };
      throw new DnsError(`DNS ${type} query for ${JSON.stringify(name)} at ${this.describeServers()} failed: ${code}`, code, { cause: error });
    }
  }
}
