/**
 * Upstream decides by getaddrinfo error number (glibc's EAI_* values) which
 * resolution failures mean "no address" and which are raised; operators list
 * extra numbers in `gaierrors_to_ignore`. Both of our resolution paths are
 * mapped onto those numbers so the parameter keeps its meaning.
 */
import type { Absence } from './dns.ts';

/** EAI_NONAME, EAI_FAIL, EAI_NODATA, EAI_SERVICE, EAI_SYSTEM: never raised, as upstream. */
export const ALWAYS_IGNORED: readonly number[] = [-2, -4, -5, -8, -11];

/** Node's getaddrinfo error codes (it reports EAI_NONAME and EAI_NODATA both as ENOTFOUND). */
const GETADDRINFO: Readonly<Record<string, number>> = {
  EAI_BADFLAGS: -1,
  ENOTFOUND: -2,
  EAI_AGAIN: -3,
  EAI_FAIL: -4,
  EAI_NODATA: -5,
  EAI_FAMILY: -6,
  EAI_SOCKTYPE: -7,
  EAI_SERVICE: -8,
  EAI_ADDRFAMILY: -9,
  EAI_MEMORY: -10,
  EAI_SYSTEM: -11,
};

/** What glibc's resolver returns for the same server behaviour: timeouts, SERVFAIL and REFUSED are EAI_AGAIN, broken answers EAI_FAIL. */
const ARES: Readonly<Record<string, number>> = {
  ETIMEOUT: -3,
  ESERVFAIL: -3,
  EREFUSED: -3,
  ECONNREFUSED: -3,
  EFORMERR: -4,
  ENOTIMP: -4,
  EBADRESP: -4,
};

const ABSENCE: Readonly<Record<Absence, number>> = { NXDOMAIN: -2, BADNAME: -2, NODATA: -5 };

export function gaiOfLookupError(code: string): number | undefined {
  return GETADDRINFO[code];
}

export function gaiOfDnsError(code: string): number | undefined {
  return ARES[code];
}

export function gaiOfAbsence(absence: Absence): number {
  return ABSENCE[absence];
}

/** `gaierrors_to_ignore`: a list, a comma-separated string or one number; every entry must be an integer. */
export function parseIgnoredGaiErrors(value: unknown): number[] {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return [];
  const entries = Array.isArray(value) ? value : String(value).split(',');
  return entries.map((entry) => {
    const text = String(entry).trim();
    if (!/^[+-]?\d+$/.test(text)) {
      throw new Error(`Parameter 'gaierrors_to_ignore': ${JSON.stringify(entry)} is not an integer (see the bot documentation).`);
    }
    return Number(text);
  });
}
