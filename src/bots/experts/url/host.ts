import { FIELD_TYPES } from '../../../message/types/index.ts';

/** Upstream's `<Type>.is_valid(value, sanitize=True)`: valid after the type's sanitation. */
export function isValidSanitized(type: 'IPAddress' | 'FQDN', value: unknown): boolean {
  const t = FIELD_TYPES[type]!;
  const v = t.sanitize(value);
  return v !== null && v !== undefined && t.isValid(v);
}
