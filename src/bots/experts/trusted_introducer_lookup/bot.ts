import { Type } from '@sinclair/typebox';
import { defineExpert } from '../../../bot/declaration.ts';
import { HttpClient, HttpParameters } from '../../collectors/_shared/http.ts';
import { contactForDomain, parseTeams, type TeamDirectory } from './directory.ts';
import { urlReachNotice } from '../../../bot/network-reach.ts';

const ENTITIES = new Set(['domain', 'asn']);

export function parseOrder(order: string | readonly string[]): string[] {
  return (typeof order === 'string' ? order.split(',') : [...order]).map((x) => x.trim());
}

async function download(http: HttpClient, url: string): Promise<TeamDirectory> {
  const resp = await http.get(url);
  if (resp.status < 200 || resp.status > 299) throw new Error(`Downloading the team directory ${url} failed with status ${resp.status}.`);
  try {
    return parseTeams(JSON.parse(resp.body.toString('utf8')));
  } catch (error) {
    throw new Error(`The team directory ${url} could not be read: ${(error as Error).message}`);
  }
}

export const bot = defineExpert({
  module: 'intelmq.bots.experts.trusted_introducer_lookup.expert',
  name: 'Trusted Introducer Lookup',
  description: "Sets source.abuse_contact to the contact address of the Trusted Introducer team whose constituency covers source.fqdn or source.asn (directory read at start).",
  parameters: Type.Object({
    order: Type.Union([Type.String(), Type.Array(Type.String())], {
      default: 'domain, asn',
      description: 'What to look up, in order, until a team is found: "domain" (source.fqdn) and/or "asn" (source.asn).',
    }),
    overwrite: Type.Boolean({ default: true, description: 'Replace an existing source.abuse_contact (also by "no contact" when nothing is found).' }),
    teams_url: Type.String({ default: 'https://www.trusted-introducer.org/directory/teams.json', description: 'The team directory (JSON).' }),
    ...HttpParameters,
  }),
  check(p) {
    return urlReachNotice(String(p.teams_url), 'downloads');
  },
  async create(ctx) {
    const p = ctx.params;
    const order = parseOrder(p.order);
    for (const entity of order) if (!ENTITIES.has(entity)) ctx.logger.warning(`Unknown entry ${JSON.stringify(entity)} in parameter 'order' is ignored.`);
    const http = new HttpClient(p, ctx.logger);
    let directory: TeamDirectory;
    try {
      directory = await download(http, p.teams_url);
    } finally {
      await http.close();
    }

    return {
      process(event, emit) {
        let contact: string | undefined;
        for (const entity of order) {
          if (contact !== undefined) break;
          if (entity === 'domain' && event.has('source.fqdn')) contact = contactForDomain(directory, String(event.get('source.fqdn')));
          if (entity === 'asn' && event.has('source.asn')) contact = directory.byAsn.get(event.get('source.asn'));
          // Upstream adds after every entry, so with overwrite a miss removes an existing contact.
          event.add('source.abuse_contact', contact ?? null, { overwrite: p.overwrite });
        }
        emit(event);
      },
    };
  },
});
