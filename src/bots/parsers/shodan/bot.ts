import { Type } from '@sinclair/typebox';
import { defineParser } from '../../../bot/declaration.ts';
import { reportText } from '../../../bot/parse-helpers.ts';
import type { Report } from '../../../message/index.ts';
import { FIELD_TYPES } from '../../../message/types/index.ts';
import { COMMON_KEYS, MAPPING, MAPPING_MINIMAL, PROTOCOLS, type Mapping } from './mapping.ts';

type Json = Record<string, unknown>;

/** A conversion found nothing usable: the field is left out. */
class NoValue extends Error {}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function keysOf(v: unknown): string[] {
  if (!isObject(v)) throw new NoValue(`non-object ${JSON.stringify(v)}`);
  return Object.keys(v);
}

/** `{"a": {...}, "b": {...}}` → `[{..., identifier: "a"}, {..., identifier: "b"}]` */
function objectsToList(v: unknown): Json[] {
  if (!isObject(v)) throw new NoValue('expected an object');
  return Object.entries(v).map(([k, inner]) => {
    if (!isObject(inner)) throw new NoValue(`expected an object, got ${JSON.stringify(inner)}`);
    return { ...inner, identifier: k };
  });
}

function firstFqdn(v: unknown): string {
  const first = (Array.isArray(v) ? v : []).find((h) => {
    const s = FIELD_TYPES['FQDN']!.sanitize(h);
    return s !== null && s !== undefined;
  });
  if (first === undefined) throw new NoValue('no valid FQDN');
  return String(first);
}

/** Big integers (certificate serials) lose digits in JSON.parse; take them from the text. */
function integerText(raw: string, key: string, value: unknown): string {
  const m = new RegExp(`"${key}"\\s*:\\s*(-?\\d+)[,}\\s]`).exec(raw);
  return m && Number(m[1]) === value ? m[1]! : String(value);
}

type Conversion = (v: unknown, raw: string) => unknown;

const CONVERSIONS: Readonly<Record<string, Conversion>> = {
  'ftp.features': objectsToList,
  timestamp: (v) => `${String(v)}+00`,
  hostnames: firstFqdn,
  domains: firstFqdn,
  'coap.resources': keysOf,
  'http.components': keysOf,
  mac: keysOf,
  'opts.ldap.supportedControl': (v) => (Array.isArray(v) ? v : [v]),
  'opts.ldap.supportedLDAPVersion': (v) => (Array.isArray(v) ? v : [v]),
  'rsync.modules': keysOf,
  'ssl.cert.serial': (v, raw) => integerText(raw, 'serial', v),
  'ssl.dhparams.generator': (v, raw) => (typeof v === 'number' ? integerText(raw, 'generator', v) : String(v)),
  vulns: objectsToList,
};

function applyMapping(mapping: Mapping, data: Json, raw: string, path: string[] = []): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(data)) {
    const target = mapping[key];
    if (target === undefined || value === null) continue;
    const keyPath = [...path, key];
    if (typeof target !== 'string') {
      if (isObject(value)) Object.assign(out, applyMapping(target, value, raw, keyPath));
      continue;
    }
    const conversion = CONVERSIONS[keyPath.join('.')];
    try {
      out[target] = conversion ? conversion(value, raw) : value;
    } catch (e) {
      if (!(e instanceof NoValue)) throw e;
    }
  }
  return out;
}

export const bot = defineParser({
  module: 'intelmq.bots.parsers.shodan.parser',
  name: 'Shodan',
  description: 'Parses Shodan banners (one JSON object per report, from the Shodan stream collector).',
  parameters: Type.Object({
    ignore_errors: Type.Boolean({ default: true, description: 'Kept for configuration compatibility; mapping problems of single fields are always skipped.' }),
    minimal_mode: Type.Boolean({ default: false, description: 'Only map the basic fields and keep the whole banner in extra.shodan.' }),
  }),
  create(ctx) {
    return {
      *parse(report: Report): Iterable<string> {
        yield reportText(report);
      },
      recoverLine(raw: string): string {
        return raw;
      },
      parseLine(raw: string, report: Report) {
        const banner = JSON.parse(raw) as Json;
        const event = ctx.newEvent(report);
        event.add('raw', raw);
        if (ctx.params.minimal_mode) {
          for (const [key, column] of Object.entries(MAPPING_MINIMAL)) {
            if (banner[column]) event.add(key, banner[column], { overwrite: true });
          }
          const location = banner['location'];
          if (isObject(location) && 'country_code' in location) event.add('source.geolocation.cc', location['country_code'], { overwrite: true });
          event.add('time.source', `${String(banner['timestamp'])}+00`, { overwrite: true });
          event.add('extra.shodan', banner, { overwrite: true });
          event.add('classification.type', 'other', { overwrite: true });
          event.add('classification.identifier', 'network-scan', { overwrite: true });
          return event;
        }
        event.update(applyMapping(MAPPING, banner, raw));
        event.add('classification.type', 'other');
        event.add('classification.identifier', 'shodan-scan');
        const uncommon = Object.keys(banner).filter((k) => !COMMON_KEYS.has(k)).sort();
        event.add('extra.shodan.unique_keys', uncommon);
        const protocol = uncommon.find((k) => PROTOCOLS.has(k));
        if (protocol) event.add('protocol.application', protocol);
        const vulns = event.get('extra.vulns');
        if (Array.isArray(vulns)) event.add('extra.verified_vulns', vulns.filter((v: Json) => v['verified']).map((v: Json) => v['identifier']));
        return event;
      },
    };
  },
});
