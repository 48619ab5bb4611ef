import { Type } from '@sinclair/typebox';
import { defineParser } from '../../../bot/declaration.ts';
import { lineParsing } from '../../../bot/parse-helpers.ts';
import type { ParseState } from '../../../bot/parse-state.ts';
import type { Report } from '../../../message/index.ts';
import { FIELD_TYPES } from '../../../message/types/index.ts';

const SUSPICIOUS = 'The source report lists hosts that are suspicious of more than just port scanning.';

function source(type: string, application: string, text: string): Readonly<Record<string, string>> {
  return { 'classification.type': type, 'protocol.application': application, 'event_description.text': text };
}

/** Per report name (the last column of each line). */
const FEEDS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  dnsrd: source('scanner', 'dns', `Address has been seen performing a DNS recursion desired query to a remote host. ${SUSPICIOUS} The host may be DNS server cataloging or searching for hosts to use for DNS-based DDoS amplification.`),
  dnsrdany: source('scanner', 'dns', `Address has been seen performing a DNS recursion desired IN ANY query to a remote host. ${SUSPICIOUS} The host may be DNS server cataloging or searching for hosts to use for DNS-based DDoS amplification.`),
  dnsversion: source('scanner', 'dns', `Address has been seen initiating a DNS CH TXT version.bind operation to a remote host. ${SUSPICIOUS} The host may be DNS server cataloging or searching for vulnerable DNS servers.`),
  proto41: source('proxy', '6to4', 'Address has been detected to offer open IPv6 over IPv4 tunneling. This could allow for the host to be used a public proxy against IPv6 hosts.'),
  sipinvitation: source('brute-force', 'sip', `Address has been seen initiating a SIP INVITE operation to a remote host. ${SUSPICIOUS} The host may be SIP client cataloging or conducting various forms of telephony abuse.`),
  sipquery: source('brute-force', 'sip', `Address has been seen initiating a SIP OPTIONS query to a remote host. ${SUSPICIOUS} The host may be SIP server cataloging or conducting various forms of telephony abuse.`),
  sipregistration: source('brute-force', 'sip', `Address has been seen initiating a SIP REGISTER operation to a remote host. ${SUSPICIOUS} The host may be SIP client cataloging or conducting various forms of telephony abuse.`),
  smtpdata: source('scanner', 'smtp', `Address has been seen initiating a SMTP DATA operation to a remote host. ${SUSPICIOUS} The host may be SMTP server cataloging or conducting various forms of email abuse.`),
  smtpgreet: source('scanner', 'smtp', `Address has been seen initiating a SMTP HELO/EHLO operation to a remote host. ${SUSPICIOUS} The host may be SMTP server cataloging or conducting various forms of email abuse.`),
  sshclient: source('scanner', 'ssh', `Address has been seen initiating an SSH connection to a remote host. ${SUSPICIOUS} The host may be SSH server cataloging or conducting authentication attack attempts.`),
  sshpwauth: source('brute-force', 'ssh', 'Address has been seen attempting to remotely login to a host using SSH password authentication. The source report lists hosts that are highly suspicious and are likely conducting malicious SSH password authentication attacks.'),
  telnetlogin: source('brute-force', 'telnet', `Address has been seen initiating a telnet connection to a remote host. ${SUSPICIOUS} The host may be telnet server cataloging or conducting authentication attack attempts.`),
  vncrfb: source('scanner', 'vnc', `Address has been seen initiating a VNC remote buffer session to a remote host. ${SUSPICIOUS} The host may be VNC/RFB server cataloging or conducting authentication attack attempts.`),
};

/** Columns after the AS name: `ip | last seen | report`; proto41 has a first-seen column too. */
const TAIL_DEFAULT = 3;
const TAIL_PROTO41 = 4;

export const bot = defineParser({
  module: 'intelmq.bots.parsers.dataplane.parser',
  name: 'DataPlane',
  description: 'Parses the dataplane.org reports (`asn | as name | ip | [first seen |] last seen | report`).',
  parameters: Type.Object({}),
  create(ctx) {
    return {
      ...lineParsing(),
      parseLine(line: string, report: Report, state: ParseState) {
        if (line.startsWith('#')) {
          state.tempdata.push(line);
          return null;
        }
        const cells = line.split('|').map((c) => c.trim());
        const name = cells[cells.length - 1]!;
        // The AS name may itself contain "|": count the columns from both ends.
        const tail = name === 'proto41' ? TAIL_PROTO41 : TAIL_DEFAULT;
        if (cells.length < tail + 2) throw new Error(`Incorrect format for feed ${String(report.get('feed.url'))}, found line: "${line}"`);
        const fields = FEEDS[name];
        if (!fields) throw new Error(`Unknown data feed ${name}.`);
        const event = ctx.newEvent(report);
        for (const [k, v] of Object.entries(fields)) event.add(k, v);
        const asn = cells[0]!;
        const asName = cells.slice(1, cells.length - tail).join('|');
        const [ip, ...times] = cells.slice(cells.length - tail, -1) as [string, ...string[]];
        if (asn !== 'NA') {
          event.add('source.asn', asn);
          // The name column is cut to a fixed width; its first word is the AS handle.
          event.add('source.as_name', asName.split(/\s+/)[0]);
        }
        event.add('source.ip', ip);
        if (times.length === 2) event.add('extra.first_seen', FIELD_TYPES['DateTime']!.sanitize(`${times[0]} UTC`));
        event.add('time.source', `${times[times.length - 1]} UTC`);
        event.add('raw', line);
        return event;
      },
    };
  },
});
