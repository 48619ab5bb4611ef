import { Type } from '@sinclair/typebox';
import { defineParser } from '../../../bot/declaration.ts';
import { reportText } from '../../../bot/parse-helpers.ts';
import type { Event, Report } from '../../../message/index.ts';
import { pyInt } from '../../../message/types/py.ts';

type Fields = Record<string, unknown>;

/** Members of the Files, Ips and Urls entries that become event fields; the rest is ignored. */
const ENTRY_FIELDS: ReadonlyMap<string, string> = new Map([
  ['domain', 'source.fqdn'],
  ['hostname', 'source.fqdn'],
  ['Name', 'malware.name'],
  ['Md5', 'malware.hash.md5'],
  ['Sha1', 'malware.hash.sha1'],
  ['Sha256', 'malware.hash.sha256'],
  ['Ipv4', 'destination.ip'],
  ['Port', 'destination.port'],
  ['Url', 'destination.fqdn'],
]);

function member(fields: unknown, key: string, path: string): unknown {
  if (!fields || typeof fields !== 'object' || !(key in fields)) throw new Error(`The report has no ${path}.`);
  return (fields as Fields)[key];
}

function entriesOf(summary: Fields, section: string): Fields[] {
  const list = summary[section];
  return Array.isArray(list) ? (list as Fields[]) : [];
}

export const bot = defineParser({
  module: 'intelmq.bots.parsers.mcafee.parser_atd',
  name: 'McAfee Advanced Threat Defense File',
  description:
    'Parses McAfee Advanced Threat Defense file reports (JSON, via openDXL): the sample hashes, dropped files, and the IPs and hosts the sample contacted, one event each.',
  parameters: Type.Object({
    verdict_severity: Type.Integer({ default: 4, description: 'Minimum verdict severity (1 to 5) of reports to parse; less severe reports give no events.' }),
  }),
  create(ctx) {
    const minimumSeverity = ctx.params.verdict_severity;
    return {
      *parse(report: Report): Iterable<string> {
        yield reportText(report);
      },
      recoverLine: (text: string) => text,
      parseLine(text: string, report: Report) {
        const summary = member(JSON.parse(text), 'Summary', 'Summary') as Fields;
        const subject = member(summary, 'Subject', 'Summary.Subject') as Fields;
        const sample: Array<[string, unknown]> = [
          ['malware.name', member(subject, 'Name', 'Summary.Subject.Name')],
          ['malware.hash.md5', member(subject, 'md5', 'Summary.Subject.md5')],
          ['malware.hash.sha1', member(subject, 'sha-1', 'Summary.Subject.sha-1')],
          ['malware.hash.sha256', member(subject, 'sha-256', 'Summary.Subject.sha-256')],
        ];
        const severity = pyInt(member(member(summary, 'Verdict', 'Summary.Verdict'), 'Severity', 'Summary.Verdict.Severity'));
        if (severity === null) throw new TypeError('Summary.Verdict.Severity is not a number.');
        if (severity < minimumSeverity) return null;

        const newEvent = (withSample: boolean, entry: Fields = {}): Event => {
          const event = ctx.newEvent(report);
          event.add('classification.taxonomy', 'malicious-code');
          event.add('classification.type', 'infected-system');
          event.add('raw', text);
          if (withSample) for (const [key, value] of sample) event.add(key, value);
          for (const [key, value] of Object.entries(entry)) {
            const field = ENTRY_FIELDS.get(key);
            if (field) event.add(field, value);
          }
          return event;
        };
        // The sample itself, the files it dropped, and the IPs and hosts it contacted (those with the sample's hashes).
        return [
          newEvent(true),
          ...entriesOf(summary, 'Files').map((entry) => newEvent(false, entry)),
          ...entriesOf(summary, 'Ips').map((entry) => newEvent(true, entry)),
          ...entriesOf(summary, 'Urls').map((entry) => newEvent(true, entry)),
        ];
      },
    };
  },
});
