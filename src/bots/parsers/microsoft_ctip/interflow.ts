/** CTIP as delivered by the Microsoft Interflow API: a JSON list of lower-case keyed indicators. */
import type { Event } from '../../../message/index.ts';

const FIELDS: Readonly<Record<string, string>> = {
  description: 'event_description.text',
  externalid: 'malware.name',
  tlplevel: 'tlp',
  firstreporteddatetime: 'time.source',
  networksourceipv4: 'source.ip',
  networksourceport: 'source.port',
  networkdestinationipv4: 'destination.ip',
  networkdestinationport: 'destination.port',
  networksourceasn: 'source.asn',
  isproductlicensed: 'extra.isproductlicensed',
  ispartnershareable: 'extra.ispartnershareable',
  useragent: 'extra.user_agent',
  additionalmetadata: 'extra.additionalmetadata',
  severity: 'extra.severity',
  tags: 'extra.tags',
};

const IGNORED = new Set(['version', 'indicatorexpirationdatetime', 'indicatorthreattype', 'confidence', 'hostname']);

const THREAT_TYPES: Readonly<Record<string, string>> = { Botnet: 'infected-system' };

/** Metadata lists of only empty placeholders carry nothing. */
function meaningfulMetadata(value: unknown): boolean {
  return Array.isArray(value) && value.some((v) => v !== null && v !== '' && v !== 'null');
}

export function parseInterflow(event: Event, entry: Record<string, unknown>): void {
  const threat = String(entry['indicatorthreattype'] ?? '');
  const type = THREAT_TYPES[threat];
  if (!type) throw new Error(`Unknown indicatorthreattype '${threat}'.`);
  event.add('classification.type', type);
  if (typeof entry['confidence'] === 'number') event.add('feed.accuracy', entry['confidence'], { overwrite: true });
  // Host names are often addresses or binary garbage.
  event.add('destination.fqdn', entry['hostname'], { raiseFailure: false });
  for (const [key, raw] of Object.entries(entry)) {
    if (IGNORED.has(key) || raw === null || raw === '') continue;
    const field = FIELDS[key] ?? `extra.${key.toLowerCase()}`;
    let value = raw;
    if (key === 'additionalmetadata' && !meaningfulMetadata(value)) continue;
    // The destination is sometimes given twice: "192.0.2.1, 192.0.2.1".
    if (key === 'networkdestinationipv4' && typeof value === 'string') value = value.split(',')[0]!.trim();
    if (key === 'firstreporteddatetime') value = `${String(value)} UTC`;
    if (field === 'destination.ip') event.add(field, value, { raiseFailure: false });
    else event.add(field, value);
  }
}
