import { Type } from '@sinclair/typebox';
import { defineExpert } from '../../../bot/declaration.ts';
import { pyJsonDumps } from '../../../message/index.ts';
import { DnsClient, DnsParameters } from '../gethostbyname/dns.ts';
import { queryCymru, type CymruResult } from './cymru.ts';
import { dnsReachNotice } from '../../../bot/network-reach.ts';

export const bot = defineExpert({
  module: 'intelmq.bots.experts.cymru_whois.expert',
  name: 'Cymru Whois',
  description: "Adds *.asn, *.network, *.geolocation.cc, *.registry, *.allocated and *.as_name from Team Cymru's DNS service, cached per address.",
  parameters: Type.Object({
    overwrite: Type.Boolean({ default: false, description: 'Replace fields that already have a value.' }),
    redis_cache_db: Type.Integer({ minimum: 0, default: 5, description: 'Redis database of the cache.' }),
    redis_cache_ttl: Type.Integer({ minimum: 0, default: 86400, description: 'Seconds an answer (or the lack of one) is cached.' }),
    ...DnsParameters,
  }),
  check(p) {
    return dnsReachNotice(p.dns_server, "queries Team Cymru's whois service");
  },
  async create(ctx) {
    const p = ctx.params;
    const dns = new DnsClient(p);
    const cache = await ctx.cache();

    async function lookup(ip: string): Promise<CymruResult | null> {
      // Key and value as upstream ("4_192.0.2.1" → its json.dumps, "null" for no answer), so a shared Redis serves both.
      const key = `${ip.includes(':') ? 6 : 4}_${ip}`;
      const cached = await cache.get(key);
      if (cached) return JSON.parse(cached) as CymruResult | null;
      const result = await queryCymru(dns, ip);
      if (!result) ctx.logger.info(`Got no result from Cymru for IP address ${JSON.stringify(ip)}.`);
      await cache.set(key, pyJsonDumps(result));
      return result;
    }

    return {
      async process(event, emit) {
        for (const base of ['source', 'destination']) {
          const ip = event.get(`${base}.ip`) as string | undefined;
          if (ip === undefined) continue;
          const result = await lookup(ip);
          if (!result) continue;
          for (const [key, value] of Object.entries(result)) {
            if (key === 'registry' && value === 'other') continue;
            event.add(`${base}.${key}`, value, { overwrite: p.overwrite });
          }
        }
        emit(event);
      },
      shutdown() {
        dns.close();
      },
    };
  },
});
