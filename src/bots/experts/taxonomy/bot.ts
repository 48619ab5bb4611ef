import { Type } from '@sinclair/typebox';
import { defineExpert } from '../../../bot/declaration.ts';

const TAXONOMY_OF_TYPE: Readonly<Record<string, string>> = Object.freeze({
  'spam': 'abusive-content', 'harmful-speech': 'abusive-content', 'violence': 'abusive-content',
  'ddos': 'availability', 'dos': 'availability', 'outage': 'availability', 'sabotage': 'availability', 'misconfiguration': 'availability',
  'copyright': 'fraud', 'masquerade': 'fraud', 'phishing': 'fraud', 'unauthorized-use-of-resources': 'fraud',
  'unauthorised-information-access': 'information-content-security', 'unauthorised-information-modification': 'information-content-security',
  'data-loss': 'information-content-security', 'data-leak': 'information-content-security',
  'scanner': 'information-gathering', 'sniffing': 'information-gathering', 'social-engineering': 'information-gathering',
  'brute-force': 'intrusion-attempts', 'exploit': 'intrusion-attempts', 'ids-alert': 'intrusion-attempts',
  'application-compromise': 'intrusions', 'burglary': 'intrusions', 'privileged-account-compromise': 'intrusions',
  'system-compromise': 'intrusions', 'unprivileged-account-compromise': 'intrusions',
  'c2-server': 'malicious-code', 'infected-system': 'malicious-code', 'malware-configuration': 'malicious-code', 'malware-distribution': 'malicious-code',
  'dga-domain': 'other', 'blacklist': 'other', 'other': 'other', 'undetermined': 'other', 'malware': 'other', 'proxy': 'other', 'tor': 'other',
  'test': 'test',
  'ddos-amplifier': 'vulnerable', 'information-disclosure': 'vulnerable', 'potentially-unwanted-accessible': 'vulnerable',
  'vulnerable-system': 'vulnerable', 'weak-crypto': 'vulnerable',
});

export const bot = defineExpert({
  module: 'intelmq.bots.experts.taxonomy.expert',
  name: 'Taxonomy',
  description: 'Adds classification.taxonomy from classification.type (and fills in missing classification with other/undetermined).',
  parameters: Type.Object({}),
  create() {
    return {
      process(event, emit) {
        const type = event.get('classification.type') as string | undefined;
        const hasTaxonomy = event.has('classification.taxonomy');
        if (type === undefined) {
          if (!hasTaxonomy) event.add('classification.taxonomy', 'other', { sanitize: false });
          event.add('classification.type', 'undetermined', { sanitize: false });
        } else if (!hasTaxonomy) {
          event.add('classification.taxonomy', TAXONOMY_OF_TYPE[type] ?? 'other', { sanitize: false });
        }
        emit(event);
      },
    };
  },
});
