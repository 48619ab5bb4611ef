/**
 * The nested members of a 2020-format Cyberfeed record. Every member is
 * mapped or rejected: an unknown one fails the record, so that format
 * changes are noticed instead of silently dropped.
 */
import { InvalidKey, type Event } from '../../../message/index.ts';

export type Fields = Record<string, unknown>;

export function unknownField(path: string): never {
  throw new Error(`Unable to parse data field ${path}. Please report this as bug.`);
}

/** Upstream's `event[key] = value`: replaces; a key the harmonization lacks goes to `extra`. */
function setWithFallback(event: Event, key: string, value: unknown): void {
  try {
    event.add(key, value, { overwrite: true });
  } catch (err) {
    if (!(err instanceof InvalidKey)) throw err;
    event.add(`extra.${key}`, value, { overwrite: true });
  }
}

/** Members copied to `extra` as they are, wherever they appear. */
export const EXTRA_PASSTHROUGH: ReadonlySet<string> = new Set(['request_method', 'cookies', 'path_info', 'http_referer']);

const GEOLOCATION_MEMBERS = new Set(['region_code', 'postal_code', 'region', 'city', 'latitude', 'longitude', 'dma_code', 'area_code', 'metro_code']);

/** A `_geo_*` block: geolocation of one address, put under `namespace`. */
export function mapGeo(event: Event, geo: Fields, namespace: string, name: string, expectedPath?: string): void {
  for (const [key, value] of Object.entries(geo)) {
    if (key === 'ip' || key === 'path') continue;
    if (key === 'netmask') setWithFallback(event, `${namespace}.network`, `${String(geo['ip'])}/${String(value)}`);
    else if (key === 'country_code') setWithFallback(event, `${namespace}.geolocation.cc`, value);
    else if (key === 'country_name') setWithFallback(event, `${namespace}.geolocation.country`, value);
    else if (GEOLOCATION_MEMBERS.has(key)) setWithFallback(event, `${namespace}.geolocation.${key}`, value);
    else if (key === 'asn') setWithFallback(event, `${namespace}.asn`, value);
    else if (key === 'asn_name') setWithFallback(event, `${namespace}.as_name`, value);
    else unknownField(`${name}.${key}`);
  }
  if (expectedPath !== undefined && geo['path'] !== expectedPath) {
    throw new Error(`${name}.path is not '${expectedPath}' (${JSON.stringify(geo['path'])}).`);
  }
}

export function mapMalware(event: Event, malw: Fields, familyAsIdentifier: boolean): void {
  for (const [key, value] of Object.entries(malw)) {
    if (key === 'severity') event.add('extra.malware.severity', value);
    else if (key === 'family') {
      if (familyAsIdentifier) event.add('classification.identifier', value);
      else if (value !== malw['variant']) event.add('extra.malware.family', value);
    } else if (key === 'variant') event.add('malware.name', value);
    else if (key === 'categories') event.add('extra.malware.categories', value);
    else if (EXTRA_PASSTHROUGH.has(key)) event.add(`extra.${key}`, value, { overwrite: true });
    else unknownField(`malw.${key}`);
  }
}

function mapHttp(event: Event, http: Fields, doc: Fields): void {
  for (const [key, value] of Object.entries(http)) {
    if (key === 'method') event.add('extra.request_method', value);
    else if (key === 'host') {
      // The host is a name or an address; an address other than the destination's is kept in extra.
      const dst = doc['dst'] as Fields | undefined;
      if (!event.add('destination.fqdn', value, { raiseFailure: false }) && value !== dst?.['ip']) {
        event.add('extra.communication.http_host', value);
      }
    } else if (key === 'path') event.add('destination.urlpath', value);
    else if (key === 'user_agent') event.add('extra.user_agent', value);
    else if (key === 'more_headers') event.add('extra.communication.headers', value);
    else if (key === 'cookies' || key === 'unverified_domain' || key === 'x_forwarded_for') event.add(`extra.communication.${key}`, value);
    else unknownField(`comm.http.${key}`);
  }
}

export function mapCommunication(event: Event, comm: Fields, doc: Fields): void {
  for (const [key, value] of Object.entries(comm)) {
    const fields = value as Fields;
    if (key === 'proto') event.add('protocol.application', value, { overwrite: true });
    else if (key === 'method') event.add('extra.communication.type', value);
    else if (key === 'http') {
      mapHttp(event, fields, doc);
      if ('proto' in comm && 'host' in fields && 'path' in fields) {
        event.add('destination.url', `${String(comm['proto'])}://${String(fields['host'])}${String(fields['path'])}`);
      }
    } else if (key === 'dns') {
      for (const [member, v] of Object.entries(fields)) {
        if (member === 'name') event.add('destination.fqdn', v);
        else if (member === 'qtype') event.add('extra.dns_query_type', v, { overwrite: true });
        else unknownField(`comm.dns.${member}`);
      }
    } else if (key === 'categories') event.add('extra.malware.categories', value);
    else if (EXTRA_PASSTHROUGH.has(key)) event.add(`extra.${key}`, value, { overwrite: true });
    else unknownField(`comm.${key}`);
  }
}

const TRACKING: ReadonlyMap<string, string> = new Map([
  ['id', 'extra.tracking.id'],
  ['last_ip', 'extra.tracking.last.ip'],
  ['first', 'extra.first_seen'],
  ['seen', 'extra.last_seen'],
  ['changes', 'extra.tracking.changes'],
  ['checkins', 'extra.tracking.checkins'],
  ['days', 'extra.days_seen'],
  ['same_ip', 'extra.tracking.same_ip'],
  ['tr', 'extra.tracking.tr'],
]);

export function mapTracking(event: Event, tracking: Fields): void {
  for (const [key, value] of Object.entries(tracking)) {
    const field = TRACKING.get(key) ?? unknownField(`tracking.${key}`);
    event.add(field, value);
  }
}
