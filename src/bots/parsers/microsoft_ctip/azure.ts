/** CTIP as delivered through Azure blob storage: one JSON object per line, nested info objects, a base64 payload. */
import type { Event } from '../../../message/index.ts';
import { convertDateTime } from '../../../message/types/index.ts';

const FIELDS: Readonly<Record<string, string>> = {
  SourcedFrom: 'event_description.text',
  Malware: 'extra.malware',
  ThreatCode: 'malware.name',
  TotalEncounters: 'extra.total_encounters',
  TLP: 'tlp',
  SourceIp: 'source.ip',
  SourcePort: 'source.port',
  DestinationIp: 'destination.ip',
  DestinationPort: 'destination.port',
  'SourceIpInfo.SourceIpAsnNumber': 'source.asn',
  'SourceIpInfo.SourceIpAsnOrgName': 'source.as_name',
  'SourceIpInfo.SourceIpCountryCode': 'source.geolocation.cc',
  'SourceIpInfo.SourceIpRegion': 'source.geolocation.region',
  'SourceIpInfo.SourceIpCity': 'source.geolocation.city',
  'SourceIpInfo.SourceIpPostalCode': 'extra.source.geolocation.postal_code',
  'SourceIpInfo.SourceIpLatitude': 'source.geolocation.latitude',
  'SourceIpInfo.SourceIpLongitude': 'source.geolocation.longitude',
  'SourceIpInfo.SourceIpMetroCode': 'extra.source.geolocation.metro_code',
  'SourceIpInfo.SourceIpAreaCode': 'extra.source.geolocation.area_code',
  'SourceIpInfo.SourceIpConnectionType': 'extra.source.connection_type',
  'HttpInfo.HttpHost': 'extra.http.host',
  'HttpInfo.HttpRequest': 'extra.http.request',
  'HttpInfo.HttpMethod': 'extra.http.method',
  'HttpInfo.HttpReferrer': 'extra.http.referrer',
  'HttpInfo.HttpUserAgent': 'extra.user_agent',
  'HttpInfo.HttpVersion': 'extra.http.version',
};

/** Handled separately or not worth keeping (the text copy of the time, the address as integer, the other target). */
const IGNORED = new Set(['DataFeed', 'DateTimeReceivedUtc', 'DateTimeReceivedUtcTxt', 'ThreatConfidence', 'Payload', 'SourceIpInfo.SourceIpv4Int', 'TargetIp', 'TargetPort']);

const ACCURACY: Readonly<Record<string, number>> = { Low: 20, Medium: 50, High: 100 };

/** Payload keys of the sinkhole JSON payloads; others keep their name under extra.payload. */
const PAYLOAD_FIELDS: Readonly<Record<string, string>> = {
  serverIp: 'extra.payload.server.ip',
  serverPort: 'extra.payload.server.port',
  domain: 'destination.fqdn',
  type: 'protocol.application',
  source_ip: 'extra.payload.source.ip',
  source_port: 'extra.payload.source.port',
  destination_ip: 'extra.payload.destination.ip',
  destination_port: 'extra.payload.destination.port',
  SourceIP: 'extra.payload.source.ip',
  SourcePort: 'extra.payload.source.port',
  DestIP: 'extra.payload.destination.ip',
  DestPort: 'extra.payload.destination.port',
};

function flatten(obj: Record<string, unknown>, prefix = ''): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  for (const [k, v] of Object.entries(obj)) {
    if (v && typeof v === 'object' && !Array.isArray(v) && !prefix) out.push(...flatten(v as Record<string, unknown>, `${k}.`));
    else out.push([`${prefix}${k}`, v]);
  }
  return out;
}

const isEmpty = (v: unknown) =>
  v === null || v === undefined || v === '' || v === 0 || v === false || (Array.isArray(v) && !v.length) || (typeof v === 'object' && v !== null && !Object.keys(v).length);

function decodePayload(payload: string): string {
  const bytes = Buffer.from(payload, 'base64');
  // Not base64 after all: keep the text as given.
  return bytes.toString('base64').replace(/=+$/, '') === payload.replace(/=+$/, '') ? bytes.toString('utf8') : payload;
}

function addPayload(event: Event, payload: string): void {
  const text = decodePayload(payload);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    doc = undefined;
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
    event.add('extra.payload.text', text);
    return;
  }
  for (const [key, value] of Object.entries(doc as Record<string, unknown>)) {
    if (isEmpty(value)) continue;
    if (key === 'ts') {
      event.add('extra.payload.timestamp', convertDateTime(value, 'timestamp'));
      continue;
    }
    const field = PAYLOAD_FIELDS[key] ?? `extra.payload.${key}`;
    if (field === 'destination.fqdn') event.add(field, value, { raiseFailure: false });
    else event.add(field, value);
  }
}

export function parseAzure(event: Event, entry: Record<string, unknown>, overwrite: boolean): void {
  event.add('classification.type', 'infected-system');
  event.add('feed.name', entry['DataFeed'], { overwrite });
  const accuracy = ACCURACY[String(entry['ThreatConfidence'])];
  if (accuracy !== undefined) event.add('feed.accuracy', accuracy, { overwrite: true });
  if (entry['DateTimeReceivedUtc']) event.add('time.source', convertDateTime(entry['DateTimeReceivedUtc'], 'windows_nt'));
  for (const [key, value] of flatten(entry)) {
    if (IGNORED.has(key) || isEmpty(value)) continue;
    if (/^CustomInfo\.CustomField\d+$/.test(key)) {
      event.add(`extra.custom_field${key.slice('CustomInfo.CustomField'.length)}`, value);
      continue;
    }
    const field = FIELDS[key] ?? `extra.${key.toLowerCase().replace(/[^a-z0-9_.]/g, '_')}`;
    // "Unknown" and similar are not TLP levels.
    if (field === 'tlp') event.add(field, value, { raiseFailure: false });
    else event.add(field, value);
  }
  if (typeof entry['Payload'] === 'string' && entry['Payload']) addPayload(event, entry['Payload']);
}
