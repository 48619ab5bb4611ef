/**
 * The CAP format since 2019 (`#generated on ...`):
 * `category|address|asn|timestamp|optional_information|asninfo`, where the
 * optional information is `key: value;` pairs (with many irregularities).
 */
import type { Event } from '../../../message/index.ts';
import { pyInt } from '../shadowserver/conversions.ts';
import { addBotComment } from './legacy.ts';
import { PROTOCOLS } from './protocols.ts';

const STATIC: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  bot: { 'classification.type': 'infected-system' },
  bruteforce: { 'classification.type': 'brute-force' },
  controller: { 'classification.type': 'c2-server' },
  darknet: { 'classification.type': 'scanner', 'classification.identifier': 'darknet' },
  phishing: { 'classification.type': 'phishing', 'classification.identifier': 'phishing' },
  proxy: { 'classification.type': 'proxy', 'classification.identifier': 'openproxy' },
  honeypot: { 'classification.type': 'scanner' },
  scanner: { 'classification.type': 'scanner', 'classification.identifier': 'scanner' },
  spam: { 'classification.type': 'spam', 'classification.identifier': 'spam' },
  openresolvers: { 'classification.type': 'vulnerable-system', 'classification.identifier': 'dns-open-resolver', 'protocol.application': 'dns' },
  openresolver: { 'classification.type': 'vulnerable-system', 'classification.identifier': 'dns-open-resolver', 'protocol.application': 'dns' },
  conficker: { 'classification.type': 'infected-system', 'classification.identifier': 'conficker', 'malware.name': 'conficker' },
};

/** Categories whose information is a single bare value. */
const BARE_VALUE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  bruteforce: ['classification.identifier', 'protocol.application'],
  phishing: ['source.url'],
};

const DESTINATION_PORT_KEYS = new Set(['dest_port', 'ports_scanned', 'honeypot_port', 'darknet_port', 'destination_port_numbers']);

interface Comments {
  destinationPorts: string[];
}

function addKeyValue(event: Event, category: string, key: string, value: string, asn: string, c: Comments): void {
  switch (key) {
    case 'family':
      event.add('classification.identifier', value.toLowerCase(), { overwrite: true });
      event.add('malware.name', value.toLowerCase(), { overwrite: true });
      return;
    case 'dest_addr':
    case 'destaddr':
      event.add('destination.ip', value, { overwrite: true });
      return;
    case 'port':
    case 'srcport':
      event.add('source.port', value, { overwrite: true });
      return;
    case 'protocol': {
      const name = PROTOCOLS.get(value);
      if (name) event.add('protocol.transport', name, { overwrite: true });
      else event.add('extra.protocol.transport', pyInt(value), { overwrite: true });
      return;
    }
    case 'hostname': {
      // "sub.example.comport: 80": the separator before the port is missing.
      const glued = /^(.*?)port: *(\d+)$/.exec(value);
      const host = glued ? glued[1]! : value;
      if (glued) event.add('source.port', glued[2], { overwrite: true });
      // Some hostnames are the address itself.
      if (event.isValid('source.fqdn', host)) event.add('source.fqdn', host, { overwrite: true });
      return;
    }
    case 'proxy_type': {
      const [protocol, port] = value.split('-');
      event.add('protocol.application', protocol, { overwrite: true });
      if (port !== undefined) event.add('source.port', port, { overwrite: true });
      return;
    }
    case 'username':
      event.add('source.account', value, { overwrite: true });
      return;
    case 'additional_asns':
      event.add('extra.source.asns', [...(asn !== '0' ? [pyInt(asn)] : []), ...value.split(',').map((a) => pyInt(a))], { overwrite: true });
      return;
    default:
      if (DESTINATION_PORT_KEYS.has(key)) {
        const ports = value.replace(/\s*\(total_count:\s*\d+\)\s*$/, '');
        for (const port of ports.split(',')) c.destinationPorts.push(port.trim());
        return;
      }
      throw new Error(`Unknown key '${key}' in comment of category '${category}'. Please report this.`);
  }
}

function addComment(event: Event, category: string, comment: string, asn: string, c: Comments): void {
  let text = comment;
  if (!text.includes(':')) {
    if (category === 'proxy') text = `proxy_type: ${text}`;
    else if (category === 'bot') {
      addBotComment(event, text.trim());
      return;
    } else throw new Error(`Unable to parse comment '${comment}' of category '${category}'. Please report this.`);
  }
  const colon = text.indexOf(':');
  addKeyValue(event, category, text.slice(0, colon).trim(), text.slice(colon + 1).trim(), asn, c);
}

/** Fills the event of one line; more events come back for several destination ports. */
export function parseCurrent(event: Event, line: string): Event[] {
  const parts = line.split('|');
  if (parts.length !== 6) throw new Error(`Expected 6 fields separated by '|', got ${parts.length}: '${line}'.`);
  const [category, ip, asn, timestamp, notes, asnInfo] = parts as [string, string, string, string, string, string];
  const comments = notes.split(';').filter((x) => x);
  event.add('source.ip', ip);
  if (asn !== '0') event.add('source.asn', asn);
  event.add('time.source', `${timestamp} GMT`);
  // "AS name, CC": the country code comes last.
  const info = asnInfo.split(', ');
  if (info.length > 1) {
    event.add('source.as_name', info.slice(0, -1).join(', '));
    event.add('source.geolocation.cc', info[info.length - 1]);
  } else {
    event.add('source.as_name', asnInfo);
  }
  const fields = STATIC[category];
  if (!fields) throw new Error(`Unknown category '${category}'.`);
  for (const [k, v] of Object.entries(fields)) event.add(k, v);
  const bare = BARE_VALUE_FIELDS[category];
  if (bare && comments.length === 1 && !comments[0]!.includes(': ')) {
    for (const field of bare) event.add(field, comments[0]!.trim());
    return [event];
  }
  const c: Comments = { destinationPorts: [] };
  for (const comment of comments) addComment(event, category, comment, asn, c);
  if (!c.destinationPorts.length) return [event];
  return c.destinationPorts.map((port) => {
    const ev = event.copy();
    ev.add('destination.port', port);
    return ev;
  });
}
