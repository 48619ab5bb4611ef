import { lookup } from 'node:dns/promises';
import { Type } from '@sinclair/typebox';
import { defineExpert } from '../../../bot/declaration.ts';
import { isValidAddress } from '../../../message/types/index.ts';
import { urlparse } from '../url/urlparse.ts';
import { DnsClient, DnsError, DnsParameters } from './dns.ts';
import { ALWAYS_IGNORED, gaiOfAbsence, gaiOfDnsError, gaiOfLookupError, parseIgnoredGaiErrors } from './gai.ts';
import { dnsReachNotice } from '../../../bot/network-reach.ts';

/**
 * The host name of a URL, or null for an IP literal or no host. Upstream's
 * `URL.to_domain_name` returns the whole netloc, so a URL with a port or a
 * user never resolved there; the name alone is what fallback_to_url is for.
 */
export function domainOfUrl(url: string): string | null {
  let host: string | null;
  try {
    host = urlparse(url).hostname;
  } catch {
    return null;
  }
  return host && !isValidAddress(host) ? host : null;
}

type Resolution = { address: string } | { gai: number; reason: string };

export const bot = defineExpert({
  module: 'intelmq.bots.experts.gethostbyname.expert',
  name: 'Gethostbyname',
  description: 'Resolves source/destination.fqdn (or the URL host with fallback_to_url) to an IPv4 address in *.ip.',
  parameters: Type.Object({
    fallback_to_url: Type.Boolean({ default: true, description: 'Without *.fqdn, resolve the host part of *.url.' }),
    gaierrors_to_ignore: Type.Union([Type.Array(Type.Union([Type.Integer(), Type.String()])), Type.String(), Type.Integer(), Type.Null()], {
      default: null,
      description: 'getaddrinfo error numbers treated as "no address" besides -2, -4, -5, -8 and -11, e.g. [-3] for EAI_AGAIN (timeouts, SERVFAIL).',
    }),
    overwrite: Type.Boolean({ default: false, description: 'Resolve and replace *.ip even when it is set.' }),
    ...DnsParameters,
    dns_server: Type.Union([Type.String(), Type.Array(Type.String()), Type.Null()], {
      default: null,
      description: 'Name servers to ask ("IP", "IP:port", "[IPv6]:port"; list or comma-separated); null = the C library resolver as upstream (/etc/hosts, then DNS; dns_timeout_sec and dns_tries do not apply).',
    }),
  }),
  check(p) {
    return dnsReachNotice(p.dns_server, 'resolves host names');
  },
  create(ctx) {
    const p = ctx.params;
    const ignored = new Set([...ALWAYS_IGNORED, ...parseIgnoredGaiErrors(p.gaierrors_to_ignore)]);
    // Without dns_server the C library resolves, as upstream's socket.gethostbyname (so /etc/hosts counts).
    const dns = p.dns_server === null ? null : new DnsClient(p);

    async function viaDns(client: DnsClient, name: string): Promise<Resolution> {
      try {
        const answer = await client.a(name);
        if ('records' in answer) return answer.records[0] ? { address: answer.records[0] } : { gai: -5, reason: 'NODATA' };
        return { gai: gaiOfAbsence(answer.absent), reason: answer.absent };
      } catch (error) {
        const gai = error instanceof DnsError ? gaiOfDnsError(error.code) : undefined;
        if (gai !== undefined && ignored.has(gai)) return { gai, reason: (error as DnsError).code };
        throw error;
      }
    }

    async function viaLibc(name: string): Promise<Resolution> {
      try {
        return { address: (await lookup(name, { family: 4 })).address };
      } catch (error) {
        const code = String((error as { code?: unknown }).code);
        const gai = gaiOfLookupError(code);
        if (gai !== undefined && ignored.has(gai)) return { gai, reason: code };
        const number = gai === undefined ? '' : ` (gaierror ${gai})`;
        throw new Error(`Resolving ${JSON.stringify(name)} with the system resolver failed: ${code}${number}`, { cause: error });
      }
    }

    return {
      async process(event, emit) {
        for (const base of ['source', 'destination']) {
          if (event.has(`${base}.ip`) && !p.overwrite) continue;
          let name = event.get(`${base}.fqdn`) as string | undefined;
          const url = event.get(`${base}.url`) as string | undefined;
          if (!name && p.fallback_to_url && url) name = domainOfUrl(url) ?? undefined;
          if (!name) continue;
          const result = dns ? await viaDns(dns, name) : await viaLibc(name);
          if ('address' in result) event.add(`${base}.ip`, result.address, { raiseFailure: false, overwrite: p.overwrite });
          else ctx.logger.debug(`Ignored error ${result.gai} (${result.reason}) for hostname ${JSON.stringify(name)}.`);
        }
        emit(event);
      },
      shutdown() {
        dns?.close();
      },
    };
  },
});
