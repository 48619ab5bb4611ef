import { Type } from '@sinclair/typebox';
import { parse as parseDomain } from 'tldts';
import { defineParser } from '../../../bot/declaration.ts';
import { reportText } from '../../../bot/parse-helpers.ts';
import type { ParseState } from '../../../bot/parse-state.ts';
import { InvalidArgument, type Report } from '../../../message/index.ts';
import { CLASSIFICATION_TYPES } from '../../../message/types/index.ts';
import { PY_WHITESPACE_CLASS } from '../../../message/types/py.ts';
import { urlNormalize } from './url-normalize.ts';

/** A word that looks like a host name, optionally after `//` and followed by a path or port. */
const CANDIDATE = /(\/\/|^)([a-z0-9.-]*[a-z]\.[a-z][a-z-]*?(?:[/:].*|$))/;

/** Python `str.split()`: runs of whitespace. */
const WORDS = new RegExp(`${PY_WHITESPACE_CLASS}+`);

const PARAMETERS = Type.Object({
  domain_whitelist: Type.Union([Type.String(), Type.Array(Type.String())], {
    default: '',
    description: 'Domains to leave out: regular expressions searched in each found domain (list, or comma-separated string).',
  }),
  substitutions: Type.String({
    default: '',
    description: 'Replacements done before searching, as semicolon-separated pairs, e.g. "[.];.;,;." turns "[.]" and "," into ".".',
  }),
  classification_type: Type.String({ default: 'unknown', description: 'classification.type of the events (an invalid one means undetermined).' }),
  default_scheme: Type.Union([Type.Null(), Type.String()], { default: null, description: 'Scheme for URLs found without one (null: https).' }),
});

function substitutionPairs(spec: string): Array<[string, string]> {
  if (spec === '') return [];
  const parts = spec.split(';');
  if (parts.length % 2 !== 0) throw new InvalidArgument('substitutions', spec, 'even number of ; separated strings');
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i < parts.length; i += 2) pairs.push([parts[i]!, parts[i + 1]!]);
  return pairs;
}

/** A host with a registrable domain under a public suffix (ICANN or private section). */
function hasPublicSuffix(url: string): boolean {
  const parsed = parseDomain(url, { allowPrivateDomains: true });
  return (parsed.isIcann === true || parsed.isPrivate === true) && parsed.domain !== null;
}

export const bot = defineParser({
  module: 'intelmq.bots.parsers.twitter.parser',
  name: 'Twitter',
  description: 'Extracts URLs from the text of tweets (fuzzy: defanged notations can be undone with substitutions), one event per URL whose domain has a public suffix.',
  parameters: PARAMETERS,
  check(params) {
    try {
      substitutionPairs(params.substitutions);
      return [];
    } catch (err) {
      return [{ level: 'error', message: (err as Error).message }];
    }
  },
  create(ctx) {
    const p = ctx.params;
    const substitutions = substitutionPairs(p.substitutions);
    const whitelist = (typeof p.domain_whitelist === 'string' ? (p.domain_whitelist === '' ? [] : p.domain_whitelist.split(',')) : [...p.domain_whitelist]).map(
      (pattern) => new RegExp(pattern),
    );
    const classification = CLASSIFICATION_TYPES.includes(p.classification_type) ? p.classification_type : 'unknown';
    const scheme = p.default_scheme ?? 'https';

    const urlOf = (word: string): string | null => {
      const domain = CANDIDATE.exec(word)?.[2];
      if (domain === undefined || whitelist.some((re) => re.test(domain))) return null;
      let url: string;
      try {
        url = urlNormalize(domain, scheme);
      } catch {
        ctx.logger.info(`Caught UnicodeError on ${JSON.stringify(word)}.`);
        return null;
      }
      return hasPublicSuffix(url) ? url : null;
    };

    return {
      *parse(report: Report, state: ParseState): Iterable<string> {
        let text = reportText(report);
        state.custom['text'] = text;
        for (const [from, to] of substitutions) text = text.replaceAll(from, to);
        for (const word of text.split(WORDS)) {
          const url = word ? urlOf(word.toLowerCase()) : null;
          if (url) yield url;
        }
      },
      recoverLine: (_url: string, state: ParseState) => String(state.custom['text'] ?? ''),
      parseLine(url: string, report: Report, state: ParseState) {
        const event = ctx.newEvent(report);
        event.add('raw', state.custom['text']);
        event.add('source.url', url);
        event.add('classification.type', classification);
        return event;
      },
    };
  },
});
