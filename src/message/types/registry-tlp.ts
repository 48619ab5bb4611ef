/** Registry (RIR names) and TLP (Traffic Light Protocol 1.0 levels): upper-case vocabularies. */
import type { FieldType } from './field-type.ts';
import { UppercaseString } from './generic.ts';
import { PY_WHITESPACE_CLASS } from './py.ts';

const REGISTRIES: ReadonlySet<unknown> = new Set(['AFRINIC', 'APNIC', 'ARIN', 'LACNIC', 'RIPE']);
const TLP_LEVELS: ReadonlySet<unknown> = new Set(['WHITE', 'GREEN', 'AMBER', 'RED']);
/** `TLP:`/`TLP` prefixes as feeds write them, with Python's notion of `\s`. */
const TLP_PREFIX = new RegExp(`^(?:TLP:?)?${PY_WHITESPACE_CLASS}*`, 'i');

function upper(value: unknown): string | null {
  return UppercaseString.sanitize(value) as string | null;
}

export const Registry: FieldType = {
  name: 'Registry',
  isValid: (value) => REGISTRIES.has(value),
  sanitize(value) {
    let s = upper(value);
    if (s === 'RIPENCC' || s === 'RIPE-NCC') s = 'RIPE';
    return REGISTRIES.has(s) ? s : null;
  },
};

export const TLP: FieldType = {
  name: 'TLP',
  isValid: (value) => TLP_LEVELS.has(value),
  sanitize(value) {
    const s = upper(value);
    if (s === null) return null;
    const level = s.replace(TLP_PREFIX, '');
    // Some feeds call AMBER "yellow".
    const mapped = level === 'YELLOW' ? 'AMBER' : level;
    return TLP_LEVELS.has(mapped) ? mapped : null;
  },
};
