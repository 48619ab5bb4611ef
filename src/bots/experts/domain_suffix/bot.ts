import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Type } from '@sinclair/typebox';
import { defineExpert } from '../../../bot/declaration.ts';
import { download, writeFileAtomic, type Fetch } from './download.ts';
import { PublicSuffixList } from './psl.ts';

export const PUBLIC_SUFFIX_LIST_URL = 'https://publicsuffix.org/list/public_suffix_list.dat';

export function loadSuffixList(path: string): PublicSuffixList {
  return new PublicSuffixList(readFileSync(path, 'utf8'));
}

/** Downloads the public suffix list to each path (upstream's `--update-database`), checking it parses first. */
export async function updateSuffixList(paths: readonly string[], opts: { url?: string; fetch?: Fetch } = {}): Promise<void> {
  const data = await download(opts.url ?? PUBLIC_SUFFIX_LIST_URL, opts.fetch);
  new PublicSuffixList(data.toString('utf8'));
  for (const path of new Set(paths)) await writeFileAtomic(path, data);
}

export const bot = defineExpert({
  module: 'intelmq.bots.experts.domain_suffix.expert',
  name: 'Domain Suffix',
  description: 'Sets source/destination.domain_suffix to the public suffix (ICANN section of the Public Suffix List) of *.fqdn or *.reverse_dns.',
  parameters: Type.Object({
    field: Type.Union([Type.Literal('fqdn'), Type.Literal('reverse_dns')], { default: 'fqdn', description: 'Which field to look up: fqdn or reverse_dns.' }),
    suffix_file: Type.Union([Type.String(), Type.Null()], {
      default: null,
      description: 'Path of public_suffix_list.dat (null: <var state>/domain_suffix/public_suffix_list.dat).',
    }),
    autoupdate_cached_database: Type.Boolean({ default: true, description: 'Whether --update-database refreshes this bot\'s file.' }),
  }),
  check(params) {
    const path = params.suffix_file;
    if (!path || !existsSync(path)) return [{ level: 'error', message: "File given as parameter 'suffix_file' does not exist." }];
    try {
      loadSuffixList(path);
      return [];
    } catch (error) {
      return [{ level: 'error', message: `Error reading database: ${(error as Error).message}.` }];
    }
  },
  create(ctx) {
    const field = ctx.params.field;
    const psl = loadSuffixList(ctx.params.suffix_file ?? join(ctx.paths.varStatePath, 'domain_suffix', 'public_suffix_list.dat'));
    return {
      process(event, emit) {
        for (const space of ['source', 'destination']) {
          const domain = event.get(`${space}.${field}`);
          if (domain === undefined) continue;
          // Plain add, as upstream's item assignment: an existing domain_suffix is an error.
          event.add(`${space}.domain_suffix`, psl.publicSuffix(String(domain)));
        }
        emit(event);
      },
    };
  },
});
