/**
 * IntelMQ event → IDEA (https://idea.cesnet.cz) document, as upstream's IDEA
 * expert builds it: a description tree whose leaves are event keys or
 * functions of the event; a leaf that reads a missing key yields nothing, and
 * empty lists and objects are left out.
 */
import { randomUUID } from 'node:crypto';
import type { Event } from '../../../message/index.ts';

/** Thrown by a leaf that reads a key the event lacks; the leaf is then left out. */
class Missing extends Error {}

/** `s[key]`: the value, or Missing like Python's KeyError. */
export type Source = (key: string) => unknown;
type Leaf = string | ((s: Source, get: (key: string, fallback: unknown) => unknown) => unknown);
export type Description = Leaf | readonly Description[] | { readonly [key: string]: Description };

export const TYPE_TO_CATEGORY: Readonly<Record<string, string>> = Object.freeze({
  'phishing': 'Fraud.Phishing', 'ddos': 'Availability.DDoS', 'spam': 'Abusive.Spam', 'scanner': 'Recon.Scanning',
  'dropzone': 'Information.UnauthorizedAccess', 'infected-system': 'Malware', 'malware-configuration': 'Malware',
  'ransomware': 'Malware', 'malware': 'Malware', 'c2-server': 'Intrusion.Botnet', 'exploit': 'Attempt.Exploit',
  'brute-force': 'Attempt.Login', 'ids-alert': 'Attempt.Exploit', 'defacement': 'Intrusion.AppCompromise',
  'compromised': 'Intrusion.AdminCompromise', 'backdoor': 'Intrusion.AdminCompromise', 'vulnerable-service': 'Vulnerable.Open',
  'vulnerable-client': 'Vulnerable.Config', 'blacklist': 'Other', 'dga domain': 'Anomaly.Behaviour', 'proxy': 'Vulnerable.Config',
  'data-leak': 'Information', 'tor': 'Other', 'other': 'Other', 'unknown': 'Other', 'test': 'Test',
  'unauthorized-command': 'Intrusion.AdminCompromise', 'unauthorized-login': 'Intrusion.AdminCompromise', 'violence': 'Abusive.Violence',
  'data-loss': 'Information', 'burglary': 'Intrusion', 'weak-crypto': 'Vulnerable.Config',
  'unauthorised-information-access': 'Information.UnauthorizedAccess', 'privileged-account-compromise': 'Intrusion.AdminCompromise',
  'potentially-unwanted-accessible': 'Vulnerable.Open', 'application-compromise': 'Intrusion.AppCompromise',
  'unauthorized-use-of-resources': 'Fraud.UnauthorizedUsage', 'masquerade': 'Fraud.Scam', 'harmful-speech': 'Abusive.Harassment',
  'unprivileged-account-compromise': 'Intrusion.UserCompromise', 'social-engineering': 'Recon.SocialEngineering', 'dos': 'Availability.DoS',
  'information-disclosure': 'Information.UnauthorizedAccess', 'sniffing': 'Recon.Sniffing', 'vulnerable-system': 'Vulnerable.Config',
  'unauthorised-information-modification': 'Information.UnauthorizedModification', 'sabotage': 'Availability.Sabotage',
  'malware-distribution': 'Malware', 'outage': 'Availability.Outage', 'ddos-amplifier': 'Intrusion.Botnet', 'copyright': 'Fraud.Copyright',
  // Outage includes human error.
  'misconfiguration': 'Availability.Outage', 'undetermined': 'Other',
});

// Dropzone, MalwareConf and DGA are upstream's additions to the IDEA source types.
const TYPE_TO_SOURCE_TYPE: Readonly<Record<string, string>> = Object.freeze({
  'phishing': 'Phishing', 'dropzone': 'Dropzone', 'malware-configuration': 'MalwareConf', 'c2-server': 'CC',
  'dga domain': 'DGA', 'proxy': 'Proxy', 'tor': 'Tor', 'malware-distribution': 'Malware',
});

/** Python's `quote_plus(s or "")`: a non-string value is a TypeError there too. */
function quot(value: unknown): string {
  if (value === null || value === undefined || value === '' || value === 0 || value === false) return '';
  if (typeof value !== 'string') throw new TypeError(`quote_from_bytes() expected bytes, got ${typeof value}`);
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).replace(/%20/g, '+');
}

function addr4(value: unknown): unknown {
  return String(value).includes(':') ? null : value;
}

function addr6(value: unknown): unknown {
  return String(value).includes(':') ? value : null;
}

function lookup<T>(table: Readonly<Record<string, T>>, key: unknown): T | undefined {
  return typeof key === 'string' && Object.hasOwn(table, key) ? table[key] : undefined;
}

function endpoint(prefix: 'source' | 'destination', type: readonly Leaf[]): Description {
  return {
    Proto: ['protocol.transport', 'protocol.application'],
    Type: type,
    Account: [`${prefix}.account`],
    ASN: [`${prefix}.asn`],
    Hostname: [`${prefix}.fqdn`],
    IP4: [(s) => addr4(s(`${prefix}.ip`))],
    IP6: [(s) => addr6(s(`${prefix}.ip`))],
    LocalHostname: [`${prefix}.local_hostname`],
    LocalIP4: [(s) => addr4(s(`${prefix}.local_ip`))],
    LocalIP6: [(s) => addr6(s(`${prefix}.local_ip`))],
    Port: [`${prefix}.port`],
    PTR: [`${prefix}.reverse_dns`],
    URL: [`${prefix}.url`],
    Note: 'status',
  };
}

// `x and "Tor"` in Python: a false tor_node yields false, which is kept in the list.
const torType = (prefix: string): Leaf => (s) => s(`${prefix}.tor_node`) && 'Tor';

export function ideaDescription(testMode: boolean): Description {
  return {
    Format: () => 'IDEA0',
    Description: (s, get) => `${String(s('feed.name'))}: ${String(get('event_description.text', get('comment', get('classification.type', 'unknown'))))}`,
    Category: [
      (_s, get) => {
        const category = lookup(TYPE_TO_CATEGORY, get('classification.type', 'unknown'));
        if (category === undefined) throw new Missing();
        return category;
      },
      () => (testMode ? 'Test' : null),
    ],
    DetectTime: 'time.observation',
    EventTime: 'time.source',
    ID: () => randomUUID(),
    RelID: (s) => `hash:${quot(s('event_hash'))}`,
    Confidence: (s) => Math.min(1, Math.max(0, Number(s('feed.accuracy')) / 100)),
    Note: 'comment',
    Ref: [
      (s) => `malid:${quot(s('classification.identifier'))}`,
      'event_description.url',
      (s) => `intelmq_feed:${quot(s('feed.code'))}`,
      (s) => `misp_attr:${quot(s('misp.attribute_uuid'))}`,
      (s) => `misp_event:${quot(s('misp.event_uuid'))}`,
      (s) => `rtir:${quot(s('rtir_id'))}`,
      'screenshot_url',
    ],
    Attach: [
      {
        Hash: [
          (s) => `crypt:${quot(s('malware.hash'))}`,
          (s) => `md5:${quot(s('malware.hash.md5'))}`,
          (s) => `sha1:${quot(s('malware.hash.sha1'))}`,
        ],
        Ref: [(s, get) => `malware:${quot(s('malware.name'))}-${quot(get('malware.version', ''))}`],
      },
      {
        // Python decodes the raw bytes as ISO-8859-1: every byte becomes one character.
        Content: (s) => Buffer.from(String(s('raw')), 'base64').toString('latin1'),
        Type: [(s) => s('raw') && 'OrigData'],
        Ref: ['feed.url'],
      },
    ],
    Source: [endpoint('source', [(s) => lookup(TYPE_TO_SOURCE_TYPE, s('classification.type')) ?? null, torType('source')])],
    Target: [endpoint('destination', [torType('destination')])],
  };
}

function evaluate(desc: Description, s: Source, get: (key: string, fallback: unknown) => unknown): unknown {
  try {
    if (typeof desc === 'function') return desc(s, get);
    if (typeof desc === 'string') return s(desc);
    if (Array.isArray(desc)) {
      const out = (desc as readonly Description[]).map((d) => evaluate(d, s, get)).filter((v) => v !== null && v !== undefined);
      return out.length ? out : null;
    }
    const out: Record<string, unknown> = {};
    for (const [key, d] of Object.entries(desc as Record<string, Description>)) {
      const v = evaluate(d, s, get);
      if (v !== null && v !== undefined) out[key] = v;
    }
    return Object.keys(out).length ? out : null;
  } catch (error) {
    if (error instanceof Missing) return null;
    throw error;
  }
}

/** The IDEA document of an event, or null when nothing at all could be filled. */
export function toIdea(event: Event, description: Description): Record<string, unknown> | null {
  const s: Source = (key) => {
    if (!event.has(key)) throw new Missing();
    return event.get(key);
  };
  const get = (key: string, fallback: unknown) => (event.has(key) ? event.get(key) : fallback);
  return evaluate(description, s, get) as Record<string, unknown> | null;
}
