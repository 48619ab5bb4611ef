import { Type } from '@sinclair/typebox';
import { defineParser } from '../../../bot/declaration.ts';
import { lineParsing } from '../../../bot/parse-helpers.ts';
import type { ParseState } from '../../../bot/parse-state.ts';
import type { Event, Report } from '../../../message/index.ts';
import { pyInt } from '../shadowserver/conversions.ts';

type Fields = Readonly<Record<string, string>>;

const ABUSEAT = 'https://www.abuseat.org/lookup.cgi';

/** Non-botnet entries of the CERT portal, by their "botname". */
const SPECIAL: Readonly<Record<string, Fields>> = {
  openrelay: { 'classification.type': 'vulnerable-system', 'classification.identifier': 'openrelay', 'protocol.application': 'smtp' },
  iotrdp: { 'classification.type': 'scanner', 'classification.identifier': 'rdp', 'protocol.application': 'rdp' },
  sshauth: { 'classification.type': 'brute-force', 'classification.identifier': 'ssh', 'protocol.application': 'ssh' },
  telnetauth: { 'classification.type': 'brute-force', 'classification.identifier': 'telnet', 'protocol.application': 'telnet' },
  smtpauth: { 'classification.type': 'brute-force', 'classification.identifier': 'smtp', 'protocol.application': 'smtp' },
  imap: { 'classification.type': 'brute-force', 'classification.identifier': 'imap', 'protocol.application': 'imap' },
  iotscan: {
    'classification.type': 'scanner', 'classification.identifier': 'telnet', 'protocol.application': 'telnet',
    'event_description.text': 'The possibly infected IoT device scanned for other vulnerable IoT devices.',
  },
  wpscanner: {
    'classification.type': 'scanner', 'classification.identifier': 'wordpress-vulnerabilities', 'protocol.application': 'http',
    'event_description.text': 'scanning for wordpress vulnerabilities',
  },
  w_wplogin: {
    'classification.type': 'scanner', 'classification.identifier': 'wordpress-login', 'protocol.application': 'http',
    'event_description.text': 'scanning for wordpress login pages',
  },
  proxyget: { 'classification.type': 'other', 'classification.identifier': 'proxyget', 'event_description.text': 'The malicious client used a honeypot as proxy.' },
  authspoofbadehlo: {
    'classification.type': 'brute-force', 'classification.identifier': 'authentication-spoof', 'protocol.application': 'smtp',
    'event_description.text': 'The device spoofed SMTP authentication with a bad EHLO.',
  },
  extortion: { 'classification.type': 'spam', 'classification.identifier': 'extortion', 'protocol.application': 'smtp', 'event_description.text': 'This device sent extortion mails.' },
  misc: {
    'classification.type': 'spam', 'classification.identifier': 'spam', 'protocol.application': 'smtp',
    'event_description.text': 'This device is sending spam as part of a botnet. See abuseat.org for more details.',
    'event_description.url': ABUSEAT,
  },
};

/** Connection columns: `domain, remote_ip, remote_port, local_port, protocol` ("-" and "?" mean unknown). */
function addConnection(event: Event, cells: string[]): void {
  event.add('destination.fqdn', cells[5], { raiseFailure: false });
  event.add('destination.ip', cells[6], { raiseFailure: false });
  event.add('destination.port', cells[7], { raiseFailure: false });
  const localPort = cells[8];
  if (localPort && localPort !== '?' && localPort !== '-') event.add('extra.source.local_port', pyInt(localPort));
  event.add('protocol.transport', cells[9], { raiseFailure: false });
}

/** `l_spamlink`: a URL seen in spam; local_port holds `ip:version:malware` of the sender. */
function addSpamlink(event: Event, cells: string[]): void {
  event.add('classification.type', 'spam');
  event.add('classification.identifier', 'spamlink');
  event.add('source.url', cells[5]);
  event.add('event_description.text', 'The URL appeared in a spam email sent by extra.spam_ip.');
  const [spamIp, version, malware] = (cells[8] ?? '').split(':');
  event.add('extra.spam_ip', spamIp);
  event.add('malware.version', version);
  event.add('malware.name', malware);
  event.add('destination.port', cells[7], { raiseFailure: false });
  event.add('protocol.transport', cells[9], { raiseFailure: false });
}

export const bot = defineParser({
  module: 'intelmq.bots.parsers.spamhaus.parser_cert',
  name: 'Spamhaus CERT',
  description: 'Parses the Spamhaus CERT portal feed (infected systems, C2 contacts, scanners, spam sources).',
  parameters: Type.Object({}),
  create(ctx) {
    const lines = lineParsing();
    return {
      ...lines,
      parseLine(line: string, report: Report, state: ParseState) {
        if (line.startsWith(';')) {
          state.tempdata.push(line);
          return null;
        }
        const cells = line.split(',').map((c) => c.trim());
        if (cells.length < 10) throw new Error(`Expected 10 columns, got ${cells.length}: '${line}'.`);
        const event = ctx.newEvent(report);
        // The portal URL carries the API key.
        const url = report.get('feed.url');
        if (typeof url === 'string') event.add('feed.url', url.split('key=')[0], { overwrite: true });
        event.add('source.ip', cells[0]);
        event.add('source.asn', cells[1]!.replace('AS', ''));
        event.add('source.geolocation.cc', cells[2]);
        event.add('time.source', `${new Date(pyInt(cells[3]!) * 1000).toISOString().slice(0, 19)}+00:00`);
        const botname = cells[4]!.toLowerCase();
        if (botname === 'l_spamlink') {
          addSpamlink(event, cells);
        } else {
          const special = SPECIAL[botname];
          if (special) {
            for (const [k, v] of Object.entries(special)) event.add(k, v);
            if (botname === 'misc') event.add('feed.documentation', ABUSEAT, { overwrite: true });
          } else if (botname.startsWith('iot')) {
            // iotmirai, iotgafgyt, ...: the malware follows the prefix.
            event.add('classification.type', 'infected-system');
            event.add('classification.identifier', botname.slice(3));
            event.add('malware.name', botname.slice(3));
          } else {
            event.add('classification.type', 'infected-system');
            event.add('malware.name', botname === 'auto' ? 's_other' : botname);
          }
          addConnection(event, cells);
        }
        event.add('raw', lines.recoverLine(line, state));
        return event;
      },
    };
  },
});
