/**
 * Public suffix lookups with the rules of the `publicsuffixlist` Python
 * package that upstream uses (ICANN section only, unknown TLDs are public,
 * punycode forms of IDN rules added, `*.x` makes `x` itself public too).
 */
import { domainToASCII } from 'node:url';

const BEGIN_ICANN = '// ===BEGIN ICANN DOMAINS===';
const END_ICANN = '// ===END ICANN DOMAINS===';

export class PublicSuffixList {
  private readonly rules = new Set<string>();
  private readonly maxLabels: number;

  /** Parses the text of `public_suffix_list.dat`; throws when the ICANN section markers are missing. */
  constructor(text: string, onlyIcann = true) {
    let inIcann = false;
    let sawIcann = false;
    let maxLabels = 0;
    for (const rawLine of text.split(/\r?\n/)) {
      if (onlyIcann) {
        const marker = rawLine.trimEnd();
        if (marker === BEGIN_ICANN) {
          inIcann = sawIcann = true;
          continue;
        }
        if (marker === END_ICANN) {
          inIcann = false;
          continue;
        }
        if (!inIcann) continue;
      }
      const rule = rawLine.toLowerCase().split(' ')[0]!.trimEnd();
      if (!rule || rule.startsWith('//')) continue;
      maxLabels = Math.max(maxLabels, rule.split('.').length);
      this.rules.add(rule);
      const exception = rule.startsWith('!');
      const plain = exception ? rule.slice(1) : rule;
      const encoded = domainToASCII(plain) || plain;
      this.rules.add(exception ? `!${encoded}` : encoded);
    }
    if (onlyIcann && !sawIcann) throw new Error(`no '${BEGIN_ICANN}' marker found: not a public suffix list`);
    this.maxLabels = maxLabels;
  }

  get size(): number {
    return this.rules.size;
  }

  /** The longest public suffix of `domain`, lower-cased; null for an invalid domain (empty label). */
  publicSuffix(domain: string): string | null {
    const name = domain.endsWith('.') ? domain.slice(0, -1) : domain;
    const labels = name.toLowerCase().split('.');
    if (labels.includes('')) return null;
    const count = this.countPublic(labels);
    return labels.slice(labels.length - count).join('.');
  }

  private countPublic(labels: readonly string[]): number {
    const n = labels.length;
    if (n === 1) return 1;
    // Longest candidates first; the order exception > wildcard > exact matters for `!www.x` beside `*.x`.
    for (let i = Math.max(0, n - (this.maxLabels + 1)); i < n; i++) {
      const depth = n - i;
      const suffix = labels.slice(i).join('.');
      if (this.rules.has(`!${suffix}`)) return depth - 1;
      if (this.rules.has(`*.${suffix}`)) return i > 0 ? depth + 1 : depth;
      if (this.rules.has(suffix)) return depth;
    }
    return 1;
  }
}
