import { Type } from '@sinclair/typebox';
import { defineExpert } from '../../../bot/declaration.ts';
import { DnsClient, DnsParameters } from '../gethostbyname/dns.ts';
import { dnsReachNotice } from '../../../bot/network-reach.ts';

/** Cache value of an address without a usable PTR record, as upstream writes it. */
export const DNS_EXCEPTION_VALUE = '__dns-exception';

export const bot = defineExpert({
  module: 'intelmq.bots.experts.reverse_dns.expert',
  name: 'Reverse DNS',
  description: 'Sets *.reverse_dns from the first valid PTR record of *.ip; answers and misses are cached per address.',
  parameters: Type.Object({
    overwrite: Type.Boolean({ default: false, description: 'Look up and replace *.reverse_dns even when it is set.' }),
    cache_ttl_invalid_response: Type.Integer({
      minimum: 0,
      default: 60,
      description: 'Seconds a miss other than NXDOMAIN (no PTR record, no valid name) is cached, 0 = not cached; names and NXDOMAIN are kept redis_cache_ttl.',
    }),
    redis_cache_db: Type.Integer({ minimum: 0, default: 7, description: 'Redis database of the cache.' }),
    redis_cache_ttl: Type.Integer({ minimum: 0, default: 86400, description: 'Seconds a name or an NXDOMAIN is cached.' }),
    ...DnsParameters,
  }),
  check(p) {
    return dnsReachNotice(p.dns_server, 'looks up PTR records');
  },
  async create(ctx) {
    const p = ctx.params;
    const dns = new DnsClient(p);
    const cache = await ctx.cache();
    const probe = ctx.newEvent();

    /** A TTL of 0 would keep the entry forever in the cache; here it means "do not cache". */
    async function rememberInvalid(ip: string): Promise<void> {
      if (p.cache_ttl_invalid_response > 0) await cache.set(ip, DNS_EXCEPTION_VALUE, p.cache_ttl_invalid_response);
    }

    /** The PTR name (with the trailing dot upstream caches) or null; DnsError when the server fails. */
    async function resolve(ip: string): Promise<string | null> {
      const answer = await dns.ptr(ip);
      // A missing name is a stable fact; an empty or odd answer may be a zone being fixed.
      if ('absent' in answer) {
        if (answer.absent === 'NXDOMAIN') await cache.set(ip, DNS_EXCEPTION_VALUE);
        else await rememberInvalid(ip);
        return null;
      }
      const name = answer.records.find((n) => probe.isValid('source.reverse_dns', n));
      if (name === undefined) {
        await rememberInvalid(ip);
        return null;
      }
      await cache.set(ip, `${name}.`);
      return `${name}.`;
    }

    return {
      async process(event, emit) {
        for (const base of ['source', 'destination']) {
          const ip = event.get(`${base}.ip`) as string | undefined;
          if (ip === undefined) continue;
          if (event.has(`${base}.reverse_dns`) && !p.overwrite) continue;
          // Keyed by the address itself: upstream's older /24 prefix keys gave neighbours each other's names.
          const cached = await cache.get(ip);
          if (cached === DNS_EXCEPTION_VALUE) continue;
          const name = cached || (await resolve(ip));
          if (name !== null) event.add(`${base}.reverse_dns`, name, { overwrite: p.overwrite });
        }
        emit(event);
      },
      shutdown() {
        dns.close();
      },
    };
  },
});
