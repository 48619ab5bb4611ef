/**
 * `classification.taxonomy` and `classification.type`: closed vocabularies
 * (RSIT taxonomy with IntelMQ extensions) with mappings of legacy names.
 */
import type { FieldType } from './field-type.ts';
import { LowercaseString } from './generic.ts';

export const CLASSIFICATION_TAXONOMIES: readonly string[] = Object.freeze([
  'abusive-content',
  'availability',
  'fraud',
  'information-content-security',
  'information-gathering',
  'intrusion-attempts',
  'intrusions',
  'malicious-code',
  'other',
  'test',
  'vulnerable',
]);

export const CLASSIFICATION_TYPES: readonly string[] = Object.freeze([
  'application-compromise',
  'blacklist',
  'brute-force',
  'burglary',
  'c2-server',
  'copyright',
  'data-leak',
  'data-loss',
  'ddos',
  'ddos-amplifier',
  'dga-domain',
  'dos',
  'exploit',
  'harmful-speech',
  'ids-alert',
  'infected-system',
  'information-disclosure',
  'malware',
  'malware-configuration',
  'malware-distribution',
  'masquerade',
  'misconfiguration',
  'other',
  'outage',
  'phishing',
  'potentially-unwanted-accessible',
  'privileged-account-compromise',
  'proxy',
  'sabotage',
  'scanner',
  'sniffing',
  'social-engineering',
  'spam',
  'system-compromise',
  'test',
  'tor',
  'unauthorised-information-access',
  'unauthorised-information-modification',
  'unauthorized-use-of-resources',
  'undetermined',
  'unprivileged-account-compromise',
  'violence',
  'vulnerable-system',
  'weak-crypto',
]);

/** Legacy taxonomy names (after lower-casing) and their current form. */
const TAXONOMY_ALIASES: ReadonlyMap<string, string> = new Map([
  ['abusive content', 'abusive-content'],
  ['information gathering', 'information-gathering'],
  ['intrusion attempts', 'intrusion-attempts'],
  ['malicious code', 'malicious-code'],
]);

/** Legacy type names (after lower-casing) and their current form; matched exactly. */
export const CLASSIFICATION_TYPE_ALIASES: ReadonlyMap<string, string> = new Map([
  ['botnet drone', 'infected-system'],
  ['ids alert', 'ids-alert'],
  ['c&c', 'c2-server'],
  ['c2server', 'c2-server'],
  ['infected system', 'infected-system'],
  ['malware configuration', 'malware-configuration'],
  ['vulnerable client', 'vulnerable-system'],
  ['vulnerable service', 'vulnerable-system'],
  ['leak', 'data-leak'],
  ['ransomware', 'infected-system'],
  ['unknown', 'undetermined'],
  ['dga domain', 'dga-domain'],
  ['unauthorized-login', 'system-compromise'],
  ['unauthorized-command', 'system-compromise'],
  ['compromised', 'system-compromise'],
  ['defacement', 'unauthorised-information-modification'],
  ['backdoor', 'system-compromise'],
  ['dropzone', 'other'],
]);

const TAXONOMY_SET: ReadonlySet<unknown> = new Set(CLASSIFICATION_TAXONOMIES);
const TYPE_SET: ReadonlySet<unknown> = new Set(CLASSIFICATION_TYPES);

function vocabulary(name: string, allowed: ReadonlySet<unknown>, aliases: ReadonlyMap<string, string>): FieldType {
  return {
    name,
    isValid: (value) => allowed.has(value),
    sanitize(value) {
      const lower = LowercaseString.sanitize(value) as string | null;
      if (lower === null) return null;
      const mapped = aliases.get(lower) ?? lower;
      return allowed.has(mapped) ? mapped : null;
    },
  };
}

export const ClassificationTaxonomy = vocabulary('ClassificationTaxonomy', TAXONOMY_SET, TAXONOMY_ALIASES);
export const ClassificationType = vocabulary('ClassificationType', TYPE_SET, CLASSIFICATION_TYPE_ALIASES);
