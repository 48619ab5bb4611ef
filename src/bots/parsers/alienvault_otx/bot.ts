import { Type } from '@sinclair/typebox';
import { defineParser } from '../../../bot/declaration.ts';
import { jsonParsing } from '../../../bot/parse-helpers.ts';
import { pyJsonDumps, type Event, type Report } from '../../../message/index.ts';

interface Indicator {
  type: string;
  indicator: string;
  created: string;
  pulse_key?: string;
  [key: string]: unknown;
}

interface Pulse {
  id: string;
  name: string;
  author_name: string;
  description?: string;
  indicators: Indicator[];
  [key: string]: unknown;
}

const HASHES: Readonly<Record<string, string>> = {
  'FileHash-SHA256': 'malware.hash.sha256',
  'FileHash-SHA1': 'malware.hash.sha1',
  'FileHash-MD5': 'malware.hash.md5',
};

/** OTX gives URLs with or without scheme. */
function withScheme(indicator: string): string {
  return indicator.includes('://') ? indicator : `http://${indicator}`;
}

/** Python `urlparse(url).path`. */
function urlPath(url: string): string {
  const m = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?#]*([^?#]*)/.exec(url);
  return m ? m[1]! : '';
}

/** OTX timestamps carry microseconds; upstream cuts the last four characters and declares UTC. */
function otxTime(value: string): string {
  return `${value.slice(0, -4)}+00:00`;
}

/** Adds the indicator's own field; false for indicator types that are not mapped. */
function addIndicator(event: Event, ind: Indicator, extra: Record<string, unknown>): boolean {
  const value = ind.indicator;
  if (HASHES[ind.type]) {
    event.add(HASHES[ind.type]!, value);
  } else if (ind.type === 'hostname' || ind.type === 'domain') {
    // Some "domains" are URLs.
    const resource = withScheme(value);
    if (urlPath(resource).length > 0) event.add('source.url', resource);
    else event.add('source.fqdn', value);
  } else if (ind.type === 'IPv4' || ind.type === 'IPv6') {
    event.add('source.ip', value);
  } else if (ind.type === 'email') {
    event.add('source.account', value);
  } else if (ind.type === 'URL' || ind.type === 'URI') {
    // URIs may be a path only.
    if (!event.add('source.url', withScheme(value), { raiseFailure: false })) {
      if (ind.type !== 'URI') throw new Error(`Invalid value '${value}' for URL harmonization type.`);
      event.add('source.urlpath', value);
    }
  } else if (ind.type === 'CIDR') {
    event.add('source.network', value);
  } else if (ind.type === 'CVE') {
    extra['cve'] = value;
  } else {
    return false;
  }
  return true;
}

function pulseExtra(pulse: Pulse, ind: Indicator): Record<string, unknown> {
  const extra: Record<string, unknown> = { author: pulse.author_name, pulse: pulse.name };
  extra['pulse_key'] = 'pulse_key' in ind ? ind.pulse_key : pulse.id;
  if ('tags' in pulse) extra['tags'] = pulse['tags'];
  if (typeof pulse['modified'] === 'string') {
    const modified = pulse['modified'];
    extra['time_updated'] = modified.includes('.') ? otxTime(modified) : `${modified}.00+00:00`;
  }
  if ('industries' in pulse) extra['industries'] = pulse['industries'];
  if ('adversary' in pulse) extra['adversary'] = pulse['adversary'];
  const countries = pulse['targeted_countries'];
  if (Array.isArray(countries) ? countries.length : countries) extra['targeted_countries'] = countries;
  return extra;
}

export const bot = defineParser({
  module: 'intelmq.bots.parsers.alienvault.parser_otx',
  name: 'AlienVault OTX',
  description: 'Parses AlienVault OTX pulses (JSON list), one event per supported indicator.',
  parameters: Type.Object({}),
  create(ctx) {
    const json = jsonParsing();
    return {
      ...json,
      parseLine(pulse: Pulse, report: Report) {
        const events: Event[] = [];
        for (const ind of pulse.indicators) {
          const event = ctx.newEvent(report);
          const indicatorExtra: Record<string, unknown> = {};
          if (!addIndicator(event, ind, indicatorExtra)) continue;
          event.add('comment', pulse.description);
          event.add('extra', { ...pulseExtra(pulse, ind), ...indicatorExtra });
          event.add('classification.type', 'blacklist');
          event.add('time.source', otxTime(ind.created));
          if ('TLP' in pulse) event.add('tlp', pulse['TLP']);
          event.add('raw', pyJsonDumps(ind, { sortKeys: true }));
          events.push(event);
        }
        return events;
      },
    };
  },
});
