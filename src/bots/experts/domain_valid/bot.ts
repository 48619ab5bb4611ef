import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { domainToASCII } from 'node:url';
import { Type } from '@sinclair/typebox';
import { defineExpert } from '../../../bot/declaration.ts';
import { download, writeFileAtomic, type Fetch } from '../domain_suffix/download.ts';

export const IANA_TLDS_URL = 'https://data.iana.org/TLD/tlds-alpha-by-domain.txt';

// The `validators.domain` syntax check upstream uses: labels of letters, digits, '-' and '_' (not first/last),
// a final label ending in a letter.
const DOMAIN = /^(?:[a-z0-9](?:[a-z0-9-_]{0,61}[a-z0-9])?\.)+[a-z0-9][a-z0-9-_]{0,61}[a-z]$/i;

export function isSyntacticallyValidDomain(value: string): boolean {
  if (!value || /\s/.test(value)) return false;
  const ascii = /^[\x00-\x7f]*$/.test(value) ? value : domainToASCII(value);
  return ascii !== '' && DOMAIN.test(ascii);
}

/** The IANA list format: a `# Version …` header line, then one TLD a line. */
export function parseTldList(text: string): Set<string> {
  return new Set(text.split('\n').slice(1).map((l) => l.trim().toLowerCase()));
}

/** Downloads IANA's TLD list to each path (upstream's `--update-database`). */
export async function updateTldList(paths: readonly string[], opts: { url?: string; fetch?: Fetch } = {}): Promise<void> {
  const data = await download(opts.url ?? IANA_TLDS_URL, opts.fetch);
  if (parseTldList(data.toString('utf8')).size < 2) throw new Error('Database update failed. The downloaded TLD list is empty.');
  for (const path of new Set(paths)) await writeFileAtomic(path, data);
}

export const bot = defineExpert({
  module: 'intelmq.bots.experts.domain_valid.expert',
  name: 'Domain Valid',
  description: 'Forwards only events whose domain field is a syntactically valid domain without "_" under a TLD from the IANA list; drops the rest.',
  forwardVerb: 'Forwarded',
  parameters: Type.Object({
    domain_field: Type.String({ default: 'source.fqdn', description: 'Field holding the domain.' }),
    tlds_domains_list: Type.Union([Type.String(), Type.Null()], {
      default: null,
      description: 'Path of tlds-alpha-by-domain.txt (null: <var state>/domain_valid/tlds-alpha-by-domain.txt).',
    }),
    autoupdate_cached_database: Type.Boolean({ default: true, description: 'Whether --update-database refreshes this bot\'s file.' }),
  }),
  create(ctx) {
    const field = ctx.params.domain_field;
    const path = ctx.params.tlds_domains_list ?? join(ctx.paths.varStatePath, 'domain_valid', 'tlds-alpha-by-domain.txt');
    // Upstream reads the list for every event, so an updated file applies at once; re-read only when it changed.
    let loaded: { stamp: string; tlds: Set<string> } | undefined;
    const tlds = (): Set<string> => {
      let stamp: string;
      try {
        const st = statSync(path);
        stamp = `${st.mtimeMs}:${st.size}`;
      } catch {
        ctx.logger.debug(`Tld domain list file not found ${path} .`);
        return new Set();
      }
      if (loaded?.stamp !== stamp) loaded = { stamp, tlds: parseTldList(readFileSync(path, 'utf8')) };
      return loaded.tlds;
    };
    return {
      process(event, emit) {
        const list = tlds();
        const value = event.get(field);
        if (value === undefined) return;
        const domain = String(value);
        if (isSyntacticallyValidDomain(domain) && !domain.includes('_') && list.has(domain.split('.').at(-1)!)) {
          emit(event);
        } else {
          ctx.logger.debug(`Filtered out event with search field ${field} and event time ${domain} .`);
        }
      },
    };
  },
});
