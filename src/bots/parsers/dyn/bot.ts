import { Type } from '@sinclair/typebox';
import { defineParser } from '../../../bot/declaration.ts';
import { reportText, splitlines } from '../../../bot/parse-helpers.ts';
import type { ParseState } from '../../../bot/parse-state.ts';
import type { Event, Report } from '../../../message/index.ts';
import { FIELD_TYPES } from '../../../message/types/index.ts';

/** The list is updated from the US west coast; its header names the zone. */
const ZONE_OFFSETS: ReadonlyArray<[RegExp, string]> = [
  [/\bPST\b/, '-08:00'],
  [/\bPDT\b/, '-07:00'],
];

const LAST_UPDATED = '# last updated:';

/** `# last updated: Tue Mar 15 00:47:49 PDT 2016` as UTC. */
function lastUpdated(line: string): string | null {
  let text = line.slice(line.indexOf(':') + 1);
  for (const [zone, offset] of ZONE_OFFSETS) text = text.replace(zone, offset);
  const time = FIELD_TYPES['DateTime']!.sanitize(text) as string | null;
  if (time === null) throw new RangeError(`Unknown time format: ${JSON.stringify(text)}`);
  return time;
}

export const bot = defineParser({
  module: 'intelmq.bots.parsers.dyn.parser',
  name: 'DynDNS ponmocup Domains',
  description:
    'Parses the ponmocup list of infected web servers (CIF format, security-research.dyndns.org): per line, one event for the infected server and one for the malware host it redirects to.',
  parameters: Type.Object({}),
  create(ctx) {
    return {
      *parse(report: Report, state: ParseState): Iterable<string> {
        state.custom['time'] = null;
        for (const line of splitlines(reportText(report))) {
          if (line.startsWith(LAST_UPDATED)) state.custom['time'] = lastUpdated(line);
          else if (!line.startsWith('#')) yield line;
        }
      },
      recoverLine: (line: string) => line,
      parseLine(line: string, report: Report, state: ParseState) {
        // Malware IP (or "/"), malware domain, malware URL, the infected site redirecting there.
        const fields = line.trim().split(/\s+/);
        if (fields.length < 4) throw new RangeError(`Expected 4 columns, got ${fields.length}.`);
        const [ip, domain, url, infected] = fields;
        const newEvent = (): Event => {
          const event = ctx.newEvent(report);
          event.add('time.source', state.custom['time']);
          return event;
        };
        const malware = newEvent();
        malware.add('classification.type', 'malware');
        if (ip !== '/') malware.add('source.ip', ip);
        malware.add('source.fqdn', domain);
        malware.add('source.url', url);
        malware.add('destination.fqdn', infected);
        malware.add('event_description.text', 'has malicious code redirecting to malicious host');
        malware.add('raw', line);

        const compromised = newEvent();
        compromised.add('classification.type', 'system-compromise');
        if (ip !== '/') compromised.add('destination.ip', ip);
        compromised.add('destination.fqdn', domain);
        compromised.add('destination.url', url);
        compromised.add('source.fqdn', infected);
        compromised.add('event_description.text', 'host has been compromised and has malicious code infecting users');
        compromised.add('raw', line);
        return [malware, compromised];
      },
    };
  },
});
