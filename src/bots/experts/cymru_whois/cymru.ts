/**
 * Team Cymru's IP to ASN mapping over DNS
 * (https://team-cymru.com/community-services/ip-asn-mapping/#dns):
 * `<reversed ip>.origin[6].asn.cymru.com` TXT gives "ASN | prefix | cc |
 * registry | allocated", `AS<n>.asn.cymru.com` TXT gives "ASN | cc |
 * registry | allocated | AS name".
 */
import { type DnsClient, reverseName } from '../gethostbyname/dns.ts';

/** Keys are the event field names below `source.`/`destination.`; the order is upstream's, so cached JSON is identical. */
export interface CymruResult {
  asn?: string;
  network?: string;
  'geolocation.cc'?: string;
  registry?: string;
  allocated?: string;
  as_name?: string;
}

const LATIN1_ONLY = /^[\x00-\xff]*$/;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** "a | NA | " → ['a', null, null]: quotes dropped, blanks and NA are no value. */
function fields(text: string): Array<string | null> {
  return text.split('|').map((item) => {
    const v = item.replaceAll('"', '').trim();
    return v === '' || v === 'NA' ? null : v;
  });
}

export function parseOrigin(text: string): CymruResult {
  const [asns, network, cc, registry, allocated] = fields(text);
  const result: CymruResult = {};
  // Several origin ASNs ("9395 17431") happen; the first one is taken.
  const asn = asns?.split(' ')[0];
  if (asn && /^[+-]?\d+$/.test(asn)) result.asn = asn;
  if (network) result.network = network;
  if (cc) result['geolocation.cc'] = cc;
  if (registry) result.registry = registry;
  if (allocated) result.allocated = `${allocated}T00:00:00+00:00`;
  return result;
}

/** AS names arrive UTF-8 encoded twice; the second layer is undone where it is there. */
export function parseAsName(text: string): string | undefined {
  const name = fields(text)[4];
  if (!name || !LATIN1_ONLY.test(name)) return name ?? undefined;
  try {
    return strictUtf8.decode(Buffer.from(name, 'latin1'));
  } catch {
    return name;
  }
}

/** Host bits of a prefix: the smaller, the more specific. A bare address counts as a host route. */
function hostBits(network: string): number {
  const [address, length] = network.split('/');
  const bits = address!.includes(':') ? 128 : 32;
  return length === undefined ? 0 : bits - Number(length);
}

/** Of several origin answers the one with the most specific network (the first among equals). */
export function mostSpecific(results: readonly CymruResult[]): CymruResult | null {
  let best: CymruResult | null = null;
  for (const r of results) {
    if (best === null || (r.network !== undefined && (best.network === undefined || hostBits(r.network) < hostBits(best.network)))) best = r;
  }
  return best;
}

/** c-ares hands TXT strings over byte for byte as Latin-1; the bytes are UTF-8. */
function txtTexts(records: string[][]): string[] {
  return records.map((chunks) => Buffer.from(chunks.join(''), 'latin1').toString('utf8'));
}

async function txt(dns: DnsClient, name: string): Promise<string[]> {
  const answer = await dns.txt(name);
  return 'records' in answer ? txtTexts(answer.records) : [];
}

export function originQueryName(ip: string): string {
  const reverse = reverseName(ip);
  return reverse.endsWith('.in-addr.arpa')
    ? `${reverse.slice(0, -'.in-addr.arpa'.length)}.origin.asn.cymru.com`
    : `${reverse.slice(0, -'.ip6.arpa'.length)}.origin6.asn.cymru.com`;
}

/** Everything Cymru knows about an address, or null; DnsError when a server fails. */
export async function queryCymru(dns: DnsClient, ip: string): Promise<CymruResult | null> {
  const result = mostSpecific((await txt(dns, originQueryName(ip))).map(parseOrigin));
  if (!result || Object.keys(result).length === 0) return null;
  if (result.asn !== undefined) {
    const [first] = await txt(dns, `AS${result.asn}.asn.cymru.com`);
    const asName = first === undefined ? undefined : parseAsName(first);
    if (asName !== undefined) result.as_name = asName;
  }
  return result;
}
