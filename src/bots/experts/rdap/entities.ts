/**
 * Contact e-mail per role from an RDAP domain answer (RFC 9083 entities with
 * jCard `vcardArray`s), walked the way upstream does: entities marked
 * "removed" are skipped, nested entities count with their own roles, and a
 * later entity of the same role wins.
 */

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const listOf = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The first `email` property of each jCard property list in the array. */
function emailsOf(vcardArray: unknown): unknown[] {
  const emails: unknown[] = [];
  for (const entry of listOf(vcardArray)) {
    if (typeof entry === 'string') continue;
    const property = listOf(entry).find((p) => listOf(p)[0] === 'email');
    if (property !== undefined) emails.push(listOf(property)[3]);
  }
  return emails;
}

/** role → e-mail (null when the role's contact has none). */
export function contactsByRole(answer: unknown, warn: (message: string) => void): Map<string, unknown> {
  const byRole = new Map<string, unknown>();
  const record = (role: unknown, vcardArray: unknown) => byRole.set(String(role), emailsOf(vcardArray)[0] ?? null);
  for (const entity of listOf(isObject(answer) ? answer['entities'] : undefined)) {
    if (!isObject(entity)) {
      warn(`Invalid type '${typeof entity}' in entities of the response.`);
      continue;
    }
    const roles = listOf(entity['roles']);
    if (roles.includes('removed')) continue;
    for (const role of roles) {
      for (const sub of listOf(entity['entities'])) {
        if (!isObject(sub)) {
          warn(`Invalid type '${typeof sub}' in entities of the response.`);
          continue;
        }
        if ('vcardArray' in sub) for (const subRole of listOf(sub['roles'])) record(subRole, sub['vcardArray']);
      }
      if ('vcardArray' in entity) record(role, entity['vcardArray']);
    }
  }
  return byRole;
}
