import { Type } from '@sinclair/typebox';
import { defineExpert } from '../../../bot/declaration.ts';
import { HttpClient, HttpParameters } from '../../collectors/_shared/http.ts';
import { urlReachNotice } from '../../../bot/network-reach.ts';

export const bot = defineExpert({
  module: 'intelmq.bots.experts.national_cert_contact_certat.expert',
  name: 'National CERT contact lookup by CERT.AT',
  description: "Adds *.geolocation.cc and the national CERT's address to *.abuse_contact for source.ip and destination.ip from CERT.at's contact service.",
  parameters: Type.Object({
    filter: Type.Boolean({ default: false, description: 'Ask the service to act as a filter for Austria (bFilter=on).' }),
    overwrite_cc: Type.Boolean({ default: false, description: 'Replace an existing *.geolocation.cc.' }),
    contacts_url: Type.String({
      default: 'https://contacts.cert.at/cgi-bin/abuse-nationalcert.pl',
      description: 'The service; ip, bFilter, bShowNationalCERT and sep are added as query parameters.',
    }),
    ...HttpParameters,
  }),
  check(p) {
    return urlReachNotice(String(p.contacts_url), 'queries');
  },
  create(ctx) {
    const p = ctx.params;
    const http = new HttpClient(p, ctx.logger);

    /** "<ip>;<cc>;<CERT name>;<address>" → [cc, address]. */
    async function ask(ip: string): Promise<[string, string]> {
      const url = new URL(p.contacts_url);
      url.searchParams.set('ip', ip);
      url.searchParams.set('bFilter', p.filter ? 'on' : 'off');
      url.searchParams.set('bShowNationalCERT', 'on');
      url.searchParams.set('sep', 'semicolon');
      const resp = await http.get(url.href);
      const text = resp.body.toString('utf8').trim();
      if (resp.status < 200 || resp.status > 299) throw new Error(`${url.href} answered with status ${resp.status}.`);
      const fields = text.split(';');
      if (fields.length < 4) throw new Error(`Unexpected answer of ${url.href}: ${JSON.stringify(text.slice(0, 200))}`);
      return [fields[1]!, fields[3]!];
    }

    return {
      async process(event, emit) {
        for (const section of ['source', 'destination']) {
          const ip = event.get(`${section}.ip`) as string | undefined;
          if (ip === undefined) continue;
          const [cc, contact] = await ask(ip);
          const ccField = `${section}.geolocation.cc`;
          if (cc && (p.overwrite_cc || !event.has(ccField))) event.add(ccField, cc, { overwrite: true });
          if (!contact) continue;
          const abuseField = `${section}.abuse_contact`;
          if (event.has(abuseField)) event.change(abuseField, `${String(event.get(abuseField))},${contact}`);
          else event.add(abuseField, contact);
        }
        emit(event);
      },
      async shutdown() {
        await http.close();
      },
    };
  },
});
