import { Type } from '@sinclair/typebox';
import { defineParser } from '../../../bot/declaration.ts';
import { reportText } from '../../../bot/parse-helpers.ts';
import type { Event, Report } from '../../../message/index.ts';
import { convertDateTime } from '../../../message/types/index.ts';
import { pyInt, pyStrip } from '../../../message/types/py.ts';
import { EXTRA_PASSTHROUGH, mapCommunication, mapGeo, mapMalware, mapTracking, unknownField, type Fields } from './mapping.ts';

/** The 2016 format's `_geo_env_remote_addr` members (the 2020 format has `_geo_src_ip`). */
const OLD_GEO: ReadonlyArray<[string, string]> = [
  ['country_code', 'source.geolocation.cc'],
  ['country_name', 'source.geolocation.country'],
  ['region', 'source.geolocation.region'],
  ['city', 'source.geolocation.city'],
  ['asn_name', 'source.as_name'],
  ['asn', 'source.asn'],
  ['longitude', 'source.geolocation.longitude'],
  ['latitude', 'source.geolocation.latitude'],
];

const ENV: ReadonlyMap<string, string> = new Map([
  ['remote_addr', 'source.ip'],
  ['remote_port', 'source.port'],
  ['server_addr', 'destination.ip'],
  ['server_port', 'destination.port'],
]);

function mapEnv(event: Event, env: Fields): void {
  for (const [key, value] of Object.entries(env)) {
    const field = ENV.get(key);
    if (field) event.add(field, value);
    else if (key === 'server_name') event.add('destination.fqdn', value, { raiseFailure: false });
    else if (EXTRA_PASSTHROUGH.has(key)) event.add(`extra.${key}`, value, { overwrite: true });
    else unknownField(`env.${key}`);
  }
}

function mapEndpoint(event: Event, side: 'source' | 'destination', endpoint: Fields): void {
  for (const [key, value] of Object.entries(endpoint)) {
    if (key === 'ip' || key === 'port') event.add(`${side}.${key}`, value);
    else unknownField(`${side === 'source' ? 'src' : 'dst'}.${key}`);
  }
}

function mapRecord(event: Event, doc: Fields, familyAsIdentifier: boolean): void {
  for (const [key, value] of Object.entries(doc)) {
    const fields = value as Fields;
    if (key === '_ts') {
      const seconds = pyInt(value);
      if (seconds === null) throw new TypeError(`_ts is not an integer: ${JSON.stringify(value)}`);
      event.add('time.source', convertDateTime(seconds, 'timestamp'));
    } else if (key === 'trojanfamily') {
      event.add('malware.name', value);
    } else if (key === 'env') {
      mapEnv(event, fields);
    } else if (key === 'src' || key === 'dst') {
      mapEndpoint(event, key === 'src' ? 'source' : 'destination', fields);
    } else if (key === '_geo_env_remote_addr') {
      for (const [member, field] of OLD_GEO) if (member in fields) event.add(field, fields[member], { overwrite: true });
      if ('ip' in fields && 'netmask' in fields) event.add('source.network', `${String(fields['ip'])}/${String(fields['netmask'])}`);
    } else if (key === 'qtype') {
      event.add('extra.dns_query_type', value, { overwrite: true });
    } else if (key === 'app_proto') {
      event.add('protocol.application', value, { overwrite: true });
    } else if (key === 'malw') {
      mapMalware(event, fields, familyAsIdentifier);
    } else if (key === 'comm') {
      mapCommunication(event, fields, doc);
    } else if (key === 'tracking') {
      mapTracking(event, fields);
    } else if (key === '_geo_src_ip') {
      mapGeo(event, fields, 'source', key);
    } else if (key === '_geo_tracking_last_ip') {
      mapGeo(event, fields, 'tracking.last', key, 'tracking.last_ip');
    } else if (key === '_geo_comm_http_host') {
      mapGeo(event, fields, 'communication.http.host', key, 'comm.http.host');
    } else if (key.startsWith('_geo_comm_http_x_forwarded_for_')) {
      mapGeo(event, fields, `extra.communication.http.${key.slice('_geo_comm_http_'.length)}`, key);
    } else if (key === '_origin' || key === '_provider' || key === 'pattern_verified') {
      event.add(`extra.${key}`, value, { overwrite: true });
    } else if (key === 'metadata') {
      for (const [member, v] of Object.entries(fields)) event.add(`extra.metadata.${member}`, v, { overwrite: true });
    } else {
      unknownField(key);
    }
  }
}

export const bot = defineParser({
  module: 'intelmq.bots.parsers.anubisnetworks.parser',
  name: 'AnubisNetworks Cyberfeed Stream',
  description: 'Parses the AnubisNetworks (BitSight) Cyberfeed stream: one sinkhole connection (JSON, 2016 and 2020 formats) per report.',
  parameters: Type.Object({
    use_malware_familiy_as_classification_identifier: Type.Boolean({
      default: true,
      description: 'Use malw.family as classification.identifier; otherwise it goes to extra.malware.family unless it equals malw.variant.',
    }),
  }),
  create(ctx) {
    const familyAsIdentifier = ctx.params.use_malware_familiy_as_classification_identifier;
    return {
      *parse(report: Report): Iterable<string> {
        const text = pyStrip(reportText(report));
        if (text) yield text;
      },
      recoverLine: (text: string) => text,
      parseLine(text: string, report: Report) {
        const doc = JSON.parse(text) as Fields;
        const event = ctx.newEvent(report);
        const feedUrl = event.get('feed.url');
        // The stream URL carries the API key.
        if (typeof feedUrl === 'string') event.change('feed.url', feedUrl.split('?key=')[0]);
        event.add('raw', report.get('raw'), { sanitize: false });
        event.add('classification.type', 'infected-system');
        event.add('classification.taxonomy', 'malicious-code');
        event.add('event_description.text', 'Sinkhole attempted connection');
        mapRecord(event, doc, familyAsIdentifier);
        // The provider's own tests, not meant to be processed at all.
        if (event.get('malware.name') === 'testsinkholingloss') {
          ctx.logger.debug("Ignoring 'TestSinkholingLoss' event.");
          return null;
        }
        return event;
      },
    };
  },
});
