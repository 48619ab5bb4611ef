/**
 * Trusted Introducer's team directory (teams.json) reduced to what the
 * lookup needs: each team's "contact" e-mail by constituency domain and ASN.
 * Later teams win, as upstream fills one dict in file order.
 */

export interface TeamDirectory {
  readonly byDomain: ReadonlyMap<string, string>;
  readonly byAsn: ReadonlyMap<unknown, string>;
}

const listOf = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const objectOf = (v: unknown): Record<string, unknown> => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** The first address used for "contact"; "" when a team lists e-mails but none for that. */
function contactOf(team: Record<string, unknown>): string {
  for (const mail of listOf(team['emails'])) {
    const m = objectOf(mail);
    if (listOf(m['usage']).includes('contact')) return String(m['address']);
  }
  return '';
}

export function parseTeams(teams: unknown): TeamDirectory {
  if (!Array.isArray(teams)) throw new Error('The team directory is not a JSON list of teams.');
  const byDomain = new Map<string, string>();
  const byAsn = new Map<unknown, string>();
  for (const entry of teams) {
    const team = objectOf(entry);
    if (!('emails' in team)) continue;
    const contact = contactOf(team);
    const constituency = objectOf(team['constituency']);
    for (const domain of listOf(constituency['domains'])) {
      const name = String(domain);
      // "*.at" covers at and below; wildcard TLD entries ("example.*") cannot be matched.
      if (name.includes('.*')) continue;
      byDomain.set(name.replaceAll('*.', ''), contact);
    }
    for (const asn of listOf(constituency['asns'])) byAsn.set(asn, contact);
  }
  return { byDomain, byAsn };
}

/** The contact of the most specific listed domain of the name (whole name first). */
export function contactForDomain(directory: TeamDirectory, fqdn: string): string | undefined {
  const labels = fqdn.split('.');
  for (let i = 0; i <= labels.length; i++) {
    const contact = directory.byDomain.get(labels.slice(i).join('.'));
    if (contact !== undefined) return contact;
  }
  return undefined;
}
