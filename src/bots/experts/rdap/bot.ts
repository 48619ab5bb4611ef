import { Type } from '@sinclair/typebox';
import { defineExpert } from '../../../bot/declaration.ts';
import { HttpClient, HttpParameters, type HttpResponse } from '../../collectors/_shared/http.ts';
import { contactsByRole } from './entities.ts';
import { urlReachNotice } from '../../../bot/network-reach.ts';

interface RdapService {
  url: string;
  auth?: { type: string; token?: string };
}

const ServiceSchema = Type.Union([
  Type.String(),
  Type.Object({ url: Type.String(), auth: Type.Optional(Type.Object({ type: Type.String(), token: Type.Optional(Type.String()) })) }),
]);

function parseJson(resp: HttpResponse, url: string): unknown {
  try {
    return JSON.parse(resp.body.toString('utf8'));
  } catch {
    throw new Error(`Unable to parse the response of ${url} as JSON: ${JSON.stringify(resp.body.toString('utf8').slice(0, 200))}`);
  }
}

/** IANA's bootstrap file (RFC 9224): services are [[tld, ...], [url, ...]]; the first URL is used. */
function servicesOf(bootstrap: unknown): Map<string, RdapService> {
  const directory = new Map<string, RdapService>();
  const services = (bootstrap as { services?: unknown }).services;
  for (const service of Array.isArray(services) ? services : []) {
    const [tlds, urls] = service as [unknown, unknown];
    if (!Array.isArray(tlds) || !Array.isArray(urls) || typeof urls[0] !== 'string') continue;
    for (const tld of tlds) directory.set(String(tld), { url: urls[0] });
  }
  return directory;
}

async function bootstrap(http: HttpClient, url: string): Promise<Map<string, RdapService>> {
  const resp = await http.get(url);
  if (resp.status < 200 || resp.status > 299) throw new Error(`Downloading the RDAP bootstrap file ${url} failed with status ${resp.status}.`);
  return servicesOf(parseJson(resp, url));
}

/** The longest suffix of the name a server is known for, as upstream searches (whole name first). */
function suffixIn(fqdn: string, directory: ReadonlyMap<string, RdapService>): string | null {
  const labels = fqdn.split('.');
  for (let i = 0; i < labels.length; i++) {
    const candidate = labels.slice(i).join('.');
    if (directory.has(candidate)) return candidate;
  }
  return null;
}

export const bot = defineExpert({
  module: 'intelmq.bots.experts.rdap.expert',
  name: 'RDAP',
  description: 'Sets source.abuse_contact from the RDAP record of the domain of source.fqdn (first role of rdap_order with an e-mail); cached per name.',
  parameters: Type.Object({
    rdap_order: Type.Array(Type.String(), {
      default: ['abuse', 'technical', 'administrative', 'registrant', 'registrar'],
      description: 'Roles whose contact is taken, in order of preference.',
    }),
    rdap_bootstrapped_servers: Type.Record(Type.String(), ServiceSchema, {
      default: {},
      description: 'Servers per TLD or suffix, over IANA\'s: "url" (with trailing slash) or {"url": ..., "auth": {"type": "jwt", "token": ...}}.',
    }),
    rdap_bootstrap_url: Type.Union([Type.String(), Type.Null()], {
      default: 'https://data.iana.org/rdap/dns.json',
      description: 'IANA RDAP bootstrap file read at start; null = only rdap_bootstrapped_servers.',
    }),
    overwrite: Type.Boolean({ default: true, description: 'Replace an existing source.abuse_contact.' }),
    redis_cache_db: Type.Integer({ minimum: 0, default: 8, description: 'Redis database of the cache.' }),
    redis_cache_ttl: Type.Integer({ minimum: 0, default: 86400, description: 'Seconds a found contact is cached.' }),
    ...HttpParameters,
  }),
  check(p) {
    return p.rdap_bootstrap_url ? urlReachNotice(String(p.rdap_bootstrap_url), 'bootstraps RDAP servers from') : [];
  },
  async create(ctx) {
    const p = ctx.params;
    const http = new HttpClient(p, ctx.logger);
    const directory = new Map<string, RdapService>();
    if (p.rdap_bootstrap_url !== null) {
      try {
        for (const [tld, service] of await bootstrap(http, p.rdap_bootstrap_url)) directory.set(tld, service);
      } catch (error) {
        await http.close();
        throw error;
      }
    }
    for (const [suffix, service] of Object.entries(p.rdap_bootstrapped_servers)) {
      directory.set(suffix, typeof service === 'string' ? { url: service } : service);
    }
    const cache = await ctx.cache();

    function authHeaders(service: RdapService, suffix: string): Record<string, string> {
      if (!service.auth) return {};
      if (service.auth.type !== 'jwt') {
        throw new Error(`Authentication type ${JSON.stringify(service.auth.type)} (configured for service ${JSON.stringify(suffix)}) is not implemented.`);
      }
      return { authorization: `Bearer ${service.auth.token ?? ''}` };
    }

    /** The contact of the registered domain, or null when the server has none. */
    async function lookup(fqdn: string): Promise<string | null> {
      const suffix = suffixIn(fqdn, directory);
      if (suffix === null) return null;
      const service = directory.get(suffix)!;
      const domain = fqdn.split('.').slice(-(suffix.split('.').length + 1)).join('.');
      const url = `${service.url}domain/${domain}`;
      const resp = await http.get(url, authHeaders(service, suffix));
      if (resp.status === 404) {
        ctx.logger.debug('Treating server response 404 as no data.');
        return null;
      }
      if (resp.status < 200 || resp.status > 299) {
        throw new Error(`Unable to process the response of ${url}: status code ${resp.status}.`);
      }
      const byRole = contactsByRole(parseJson(resp, url), (message) => ctx.logger.warning(`${message} Domain: ${JSON.stringify(domain)}.`));
      for (const role of p.rdap_order) {
        const email = byRole.get(role);
        if (email !== undefined && email !== null) return String(email);
      }
      return null;
    }

    return {
      async process(event, emit) {
        const fqdn = event.get('source.fqdn') as string | undefined;
        if (fqdn !== undefined) {
          const key = `rdap_${fqdn}`;
          const cached = await cache.get(key);
          const contact = cached || (await lookup(fqdn));
          if (contact) {
            if (!cached) await cache.set(key, contact);
            event.add('source.abuse_contact', contact, { overwrite: p.overwrite });
          }
        }
        emit(event);
      },
      async shutdown() {
        await http.close();
      },
    };
  },
});
