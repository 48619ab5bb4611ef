import { Type } from '@sinclair/typebox';
import { defineOutput } from '../../../bot/declaration.ts';
import { OutputParameters, exportEventDict, exportOptions } from '../../../bot/output-params.ts';
import { pyJsonDumps } from '../../../message/index.ts';
import { HttpClient, HttpParameters } from '../../collectors/_shared/http.ts';
import { pyStr } from '../_shared/format-event.ts';

export const bot = defineOutput({
  module: 'intelmq.bots.outputs.restapi.output',
  name: 'REST API',
  description: 'POSTs every event to a URL, as JSON or as a form; any status other than 2xx is an error (the event is retried, then dumped).',
  multithreadable: false,
  parameters: Type.Object({
    host: Type.String({ description: 'Destination URL of the POST request.' }),
    use_json: Type.Boolean({ default: true, description: 'Send the event as a JSON object; false = as an urlencoded form.' }),
    auth_type: Type.Union([Type.Literal('http_basic_auth'), Type.Literal('http_header')], { default: 'http_basic_auth', description: 'http_basic_auth: auth_token_name is the user, auth_token the password; http_header: header auth_token_name with value auth_token.' }),
    auth_token_name: Type.Union([Type.String(), Type.Null()], { default: null, description: 'User name or header name; authentication is used only when this and auth_token are set.' }),
    auth_token: Type.Union([Type.String(), Type.Null()], { default: null, description: 'Password or header value.' }),
    ...OutputParameters,
    ...HttpParameters,
  }),
  create(ctx) {
    const p = ctx.params;
    const opts = exportOptions(p);
    const http = new HttpClient(p, ctx.logger);
    const auth: Record<string, string> = {};
    if (p.auth_token_name && p.auth_token) {
      if (p.auth_type === 'http_header') auth[p.auth_token_name] = p.auth_token;
      else auth['authorization'] = `Basic ${Buffer.from(`${p.auth_token_name}:${p.auth_token}`).toString('base64')}`;
    }
    return {
      async process(event) {
        let body: string;
        let contentType: string;
        if (p.use_json) {
          body = pyJsonDumps(exportEventDict(event, opts));
          contentType = 'application/json; charset=utf-8';
        } else {
          const form = new URLSearchParams();
          const e = opts.keepRaw ? event : event.copy();
          if (!opts.keepRaw) e.delete('raw');
          for (const key of e.keys()) form.append(key, pyStr(e, key));
          body = form.toString();
          contentType = 'application/x-www-form-urlencoded';
        }
        const res = await http.request(p.host, { method: 'POST', headers: { ...auth, 'content-type': contentType }, body });
        if (res.status < 200 || res.status >= 300) {
          ctx.logger.debug(`Error during message sending with response body: ${JSON.stringify(res.body.toString('utf8'))}.`);
          throw new Error(`${res.status} ${res.status < 500 ? 'Client' : 'Server'} Error for url: ${p.host}`);
        }
        ctx.logger.debug('Sent message.');
      },
      shutdown: () => http.close(),
    };
  },
});
