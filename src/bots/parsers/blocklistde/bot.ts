import { posix } from 'node:path';
import { Type } from '@sinclair/typebox';
import { defineParser } from '../../../bot/declaration.ts';
import { lineParsing } from '../../../bot/parse-helpers.ts';
import type { Report } from '../../../message/index.ts';

const attacks = (service: string) => `IP reported as having run attacks on the service ${service}`;

/** Classification per list file of blocklist.de; unknown lists are plain blacklists. */
const MAPPING: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'all.txt': { 'classification.type': 'blacklist' },
  'ssh.txt': { 'classification.type': 'ids-alert', 'protocol.application': 'ssh', 'event_description.text': attacks('SSH') },
  'mail.txt': { 'classification.type': 'ids-alert', 'protocol.application': 'smtp', 'event_description.text': attacks('Mail, Postfix') },
  'apache.txt': { 'classification.type': 'ids-alert', 'protocol.application': 'http', 'event_description.text': attacks('Apache, Apache-DDoS, RFI-Attacks') },
  'imap.txt': { 'classification.type': 'ids-alert', 'protocol.application': 'imap', 'event_description.text': attacks('IMAP, SASL, POP3') },
  'ftp.txt': { 'classification.type': 'ids-alert', 'protocol.application': 'ftp', 'event_description.text': attacks('FTP') },
  'sip.txt': { 'classification.type': 'ids-alert', 'protocol.application': 'sip', 'event_description.text': attacks('SIP, VOIP, Asterisk') },
  'bots.txt': { 'classification.type': 'spam', 'event_description.text': 'IP reported as having spammed on IRC, open forums, wikis or registration forms.' },
  'strongips.txt': { 'classification.type': 'blacklist', 'event_description.text': 'IP reported as having run attacks in last 2 months' },
  'ircbot.txt': { 'classification.type': 'infected-system', 'protocol.application': 'irc' },
  'bruteforcelogin.txt': { 'classification.type': 'brute-force', 'event_description.text': 'IP reported as having run attacks on Joomlas, Wordpress and other Web-Logins with Brute-Force Logins' },
};

/** Python `posixpath.basename(urlparse(url).path)`. */
function listFileName(url: string): string {
  const m = /^(?:[a-zA-Z][a-zA-Z0-9+.-]*:)?(?:\/\/[^/?#]*)?([^?#]*)/.exec(url);
  return posix.basename(m?.[1] ?? '');
}

export const bot = defineParser({
  module: 'intelmq.bots.parsers.blocklistde.parser',
  name: 'Blocklist.de',
  description: 'Parses the blocklist.de IP lists; the classification follows the list file name in feed.url.',
  parameters: Type.Object({}),
  create(ctx) {
    return {
      ...lineParsing(),
      parseLine(line: string, report: Report) {
        const fields = MAPPING[listFileName(String(report.get('feed.url') ?? ''))] ?? { 'classification.type': 'blacklist' };
        const event = ctx.newEvent(report);
        event.add('source.ip', line);
        for (const [key, value] of Object.entries(fields)) event.add(key, value);
        event.add('raw', line);
        return event;
      },
    };
  },
});
