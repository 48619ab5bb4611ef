/**
 * The four RIPE queries upstream makes: where each one goes and which part
 * of the answer counts. A missing part means "nothing known", as upstream
 * treats a KeyError/IndexError.
 */

/** Abuse contacts (a list) or a RIPEstat location record; null when RIPE knows nothing. */
export type RipeData = string[] | Record<string, unknown> | null;

export type QueryType = 'db_ip' | 'db_asn' | 'stat' | 'stat_geolocation';

interface Bases {
  db: string;
  stat: string;
}

interface QuerySpec {
  url(bases: Bases, resource: string): string;
  extract(json: unknown): RipeData;
  /** A non-200 answer that means "no contact" rather than a failure. */
  isNotFound?(status: number, body: string): boolean;
}

/** Follows keys and indices; undefined as soon as one is missing. */
function dig(value: unknown, ...path: Array<string | number>): unknown {
  let cur = value;
  for (const step of path) {
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, step)) return undefined;
    cur = (cur as Record<string | number, unknown>)[step];
  }
  return cur;
}

/** "a@x,,b@x,a@x" → [a@x, b@x]. */
function emails(value: unknown): string[] | null {
  if (typeof value !== 'string') return null;
  const list = [...new Set(value.split(','))].filter(Boolean);
  return list.length ? list : null;
}

function dbContacts(json: unknown): RipeData {
  return emails(dig(json, 'abuse-contacts', 'email'));
}

/** RIPEstat marks an unknown country with "?". */
function location(json: unknown): RipeData {
  const loc = dig(json, 'data', 'located_resources', 0, 'locations', 0);
  if (loc === null || typeof loc !== 'object' || Array.isArray(loc)) return null;
  const { ...copy } = loc as Record<string, unknown>;
  if (copy['country'] === '?') delete copy['country'];
  return Object.keys(copy).length ? copy : null;
}

export const QUERIES: Readonly<Record<QueryType, QuerySpec>> = {
  db_ip: {
    url: (b, r) => `${b.db}/abuse-contact/${r}.json`,
    extract: dbContacts,
  },
  db_asn: {
    url: (b, r) => `${b.db}/abuse-contact/as${r}.json`,
    extract: dbContacts,
    isNotFound(status, body) {
      if (status !== 404) return false;
      try {
        const message = (JSON.parse(body) as { message?: unknown }).message;
        return typeof message === 'string' && message.startsWith('No abuse contact found for ');
      } catch {
        return false;
      }
    },
  },
  stat: {
    url: (b, r) => `${b.stat}/data/abuse-contact-finder/data.json?resource=${r}`,
    extract: (json) => emails(dig(json, 'data', 'anti_abuse_contacts', 'abuse_c', 0, 'email')),
  },
  stat_geolocation: {
    url: (b, r) => `${b.stat}/data/maxmind-geo-lite/data.json?resource=${r}`,
    extract: location,
  },
};
