import { Type } from '@sinclair/typebox';
import ipaddr from 'ipaddr.js';
import { defineExpert } from '../../../bot/declaration.ts';
import { urlparse } from '../url/urlparse.ts';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

const NETWORKS: ReadonlyArray<[Address, number]> = [
  '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.0.0.0/24', '192.0.2.0/24',
  '192.88.99.0/24', '192.168.0.0/16', '198.18.0.0/15', '198.51.100.0/24', '203.0.113.0/24', '224.0.0.0/4', '240.0.0.0/4',
  '255.255.255.255/32', 'fe80::/64', '2001:0db8::/32',
].map((n) => ipaddr.parseCIDR(n));
const DOMAINS = new Set(['example.com', 'example.net', 'example.org']);
// Reserved TLDs (RFC 2606) and the documentation domains' subdomains; a plain suffix match, as upstream.
const SUBDOMAIN_SUFFIXES = ['.test', '.example', '.invalid', '.localhost', '.example.com', '.example.net', '.example.org'];
// Documentation ASNs (RFC 5398).
const isDocumentationAsn = (asn: number) => (asn >= 64496 && asn <= 64511) || (asn >= 65536 && asn <= 65551);
const DOTTED_QUAD = /^(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$/;

/** Python's `ipaddress.ip_address(text)`, or null where it raises ValueError. */
function parseAddress(text: string): Address | null {
  if (DOTTED_QUAD.test(text)) return ipaddr.IPv4.parse(text);
  if (text.includes(':') && ipaddr.IPv6.isValid(text)) return ipaddr.IPv6.parse(text);
  return null;
}

function inReservedNetwork(ip: Address): boolean {
  return NETWORKS.some(([net, bits]) => net.kind() === ip.kind() && ip.match(net, bits));
}

function isReservedDomain(name: string): boolean {
  return DOMAINS.has(name) || SUBDOMAIN_SUFFIXES.some((s) => name.endsWith(s));
}

function splitParameter(value: string): string[] {
  return value.toLowerCase().trim().split(',');
}

export const bot = defineExpert({
  module: 'intelmq.bots.experts.rfc1918.expert',
  name: 'RFC1918',
  description: 'Removes fields (policy del) or drops events (policy drop) whose IP, FQDN, URL host or ASN is private, reserved or for documentation.',
  parameters: Type.Object({
    fields: Type.String({ default: 'destination.ip,source.ip,source.url', description: 'Comma-separated fields to check (*.ip, *.fqdn, *.url, *.asn).' }),
    policy: Type.String({ default: 'del,drop,drop', description: 'Comma-separated policy per field: del or drop.' }),
  }),
  check(params) {
    const fields = params.fields.split(',').length;
    const policy = params.policy.split(',').length;
    return fields === policy ? [] : [{ level: 'error', message: `Length of parameters 'fields' (${fields}) and 'policy' (${policy}) is unequal.` }];
  },
  create(ctx) {
    const fields = splitParameter(ctx.params.fields);
    const policies = splitParameter(ctx.params.policy);
    if (fields.length !== policies.length) {
      throw new Error(`Length of parameters 'fields' (${fields.length}) and 'policy' (${policies.length}) is unequal.`);
    }
    const log = ctx.logger;
    return {
      process(event, emit) {
        for (const [i, field] of fields.entries()) {
          const value = event.get(field);
          if (value === undefined) {
            log.debug(`Field '${field}' not present.`);
            continue;
          }
          let matched = false;
          if (field.endsWith('.ip')) {
            const ip = parseAddress(String(value));
            if (!ip) throw new Error(`'${String(value)}' does not appear to be an IPv4 or IPv6 address`);
            matched = inReservedNetwork(ip);
          } else if (field.endsWith('.fqdn')) {
            matched = isReservedDomain(String(value));
          } else if (field.endsWith('.url')) {
            const netloc = urlparse(String(value)).netloc;
            const ip = parseAddress(netloc);
            matched = ip ? inReservedNetwork(ip) : isReservedDomain(netloc);
          } else if (field.endsWith('.asn')) {
            matched = typeof value === 'number' && isDocumentationAsn(value);
          }
          if (!matched) continue;
          // Only the first matching field counts, as upstream.
          if (policies[i] === 'del') {
            log.debug(`Value removed from ${field}.`);
            event.delete(field);
          } else if (policies[i] === 'drop') {
            log.debug('Dropping event.');
            return;
          }
          break;
        }
        emit(event);
      },
    };
  },
});
