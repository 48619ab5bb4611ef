import { Type } from '@sinclair/typebox';
import { defineExpert } from '../../../bot/declaration.ts';
import { pyJsonDumps } from '../../../message/index.ts';
import { HttpClient, HttpParameters } from '../../collectors/_shared/http.ts';
import { QUERIES, type QueryType, type RipeData } from './queries.ts';
import { urlReachNotice } from '../../../bot/network-reach.ts';

/** Cache value of a resource RIPE has nothing for, as upstream writes it. */
export const CACHE_NO_VALUE = '__no_contact';

/** (event field below *.geolocation., key in RIPEstat's answer) */
const GEOLOCATION_FIELDS: ReadonlyArray<[string, string]> = [
  ['cc', 'country'],
  ['latitude', 'latitude'],
  ['longitude', 'longitude'],
  ['city', 'city'],
];

const withoutTrailingSlash = (url: string) => url.replace(/\/+$/, '');

export const bot = defineExpert({
  module: 'intelmq.bots.experts.ripe.expert',
  name: 'RIPE',
  description: 'Adds abuse contacts (RIPE DB and RIPEstat, for *.asn and *.ip) and RIPEstat geolocation of *.ip; answers are cached per query and resource.',
  parameters: Type.Object({
    mode: Type.Union([Type.Literal('append'), Type.Literal('replace')], {
      default: 'append',
      description: 'append: found contacts are added to an existing *.abuse_contact and existing geolocation is kept; replace: both are replaced.',
    }),
    query_ripe_db_asn: Type.Boolean({ default: true, description: 'Ask the RIPE DB for the abuse contact of *.asn.' }),
    query_ripe_db_ip: Type.Boolean({ default: true, description: 'Ask the RIPE DB for the abuse contact of *.ip.' }),
    query_ripe_stat_asn: Type.Boolean({ default: true, description: 'Ask RIPEstat (abuse-contact-finder) for the abuse contact of *.asn.' }),
    query_ripe_stat_ip: Type.Boolean({ default: true, description: 'Ask RIPEstat (abuse-contact-finder) for the abuse contact of *.ip.' }),
    query_ripe_stat_geolocation: Type.Boolean({ default: true, description: 'Ask RIPEstat (maxmind-geo-lite) for the geolocation of *.ip.' }),
    ripe_db_url: Type.String({ default: 'https://rest.db.ripe.net', description: 'Base URL of the RIPE DB REST API (…/abuse-contact/<resource>.json is appended).' }),
    ripe_stat_url: Type.String({ default: 'https://stat.ripe.net', description: 'Base URL of RIPEstat (…/data/<call>/data.json?resource=<resource> is appended).' }),
    redis_cache_db: Type.Integer({ minimum: 0, default: 10, description: 'Redis database of the cache.' }),
    redis_cache_ttl: Type.Integer({ minimum: 0, default: 86400, description: 'Seconds an answer is cached.' }),
    ...HttpParameters,
  }),
  check(p) {
    return [...urlReachNotice(String(p.ripe_db_url), 'queries the RIPE DB at'), ...urlReachNotice(String(p.ripe_stat_url), 'queries RIPEstat at')];
  },
  async create(ctx) {
    const p = ctx.params;
    const http = new HttpClient(p, ctx.logger);
    const cache = await ctx.cache();
    const bases = { db: withoutTrailingSlash(p.ripe_db_url), stat: withoutTrailingSlash(p.ripe_stat_url) };
    const warnedMaintenance = new Set<QueryType>();

    async function query(type: QueryType, resource: string): Promise<RipeData> {
      // Keys and values as upstream's ("stat:192.0.2.1" → JSON list), so a shared Redis serves both.
      const key = `${type}:${resource}`;
      const cached = await cache.get(key);
      if (cached) return cached === CACHE_NO_VALUE ? null : (JSON.parse(cached) as RipeData);
      const spec = QUERIES[type];
      const url = spec.url(bases, resource);
      const resp = await http.get(url);
      const body = resp.body.toString('utf8');
      if (resp.status !== 200) {
        if (spec.isNotFound?.(resp.status, body)) {
          await cache.set(key, CACHE_NO_VALUE);
          return null;
        }
        throw new Error(`HTTP status code was ${resp.status} for ${url}. Possible problem at the connection endpoint or network issue.`);
      }
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        throw new Error(`The answer of ${url} is not JSON: ${JSON.stringify(body.slice(0, 200))}`);
      }
      const status = (json as { data_call_status?: unknown }).data_call_status;
      if (typeof status === 'string' && status.startsWith('maintenance') && !warnedMaintenance.has(type)) {
        warnedMaintenance.add(type);
        ctx.logger.warning(`The API call ${type} is currently under maintenance. Response: ${JSON.stringify(status)}. This warning is only given once per bot run.`);
      }
      const data = spec.extract(json);
      await cache.set(key, data ? pyJsonDumps(data) : CACHE_NO_VALUE);
      return data;
    }

    async function contacts(type: QueryType, resource: string): Promise<string[]> {
      const data = await query(type, resource);
      return Array.isArray(data) ? data : [];
    }

    return {
      async process(event, emit) {
        for (const base of ['source', 'destination']) {
          const abuseKey = `${base}.abuse_contact`;
          const existing = p.mode === 'append' ? (event.get(abuseKey) as string | undefined) : undefined;
          const abuse = new Set(existing === undefined ? [] : existing.split(','));
          const asn = event.get(`${base}.asn`);
          if (asn) {
            if (p.query_ripe_stat_asn) for (const c of await contacts('stat', String(asn))) abuse.add(c);
            if (p.query_ripe_db_asn) for (const c of await contacts('db_asn', String(asn))) abuse.add(c);
          }
          const ip = event.get(`${base}.ip`) as string | undefined;
          if (ip) {
            if (p.query_ripe_stat_ip) for (const c of await contacts('stat', ip)) abuse.add(c);
            if (p.query_ripe_db_ip) for (const c of await contacts('db_ip', ip)) abuse.add(c);
            if (p.query_ripe_stat_geolocation) {
              const info = await query('stat_geolocation', ip);
              if (info && !Array.isArray(info)) {
                for (const [field, ripeKey] of GEOLOCATION_FIELDS) {
                  if (ripeKey in info) event.add(`${base}.geolocation.${field}`, info[ripeKey], { overwrite: p.mode === 'replace' });
                }
              }
            }
          }
          // An empty result removes the field, as upstream's add of '' with overwrite does.
          event.add(abuseKey, [...abuse].join(','), { overwrite: true });
        }
        emit(event);
      },
      async shutdown() {
        await http.close();
      },
    };
  },
});
