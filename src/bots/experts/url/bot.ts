import { Type } from '@sinclair/typebox';
import { defineExpert } from '../../../bot/declaration.ts';
import { isValidSanitized } from './host.ts';
import { urlparse } from './urlparse.ts';

interface SchemeInfo {
  port: number;
  transport?: string;
  application?: string;
}

// Upstream's table, including its quirk that https names no transport protocol.
const URL_SCHEMES: Readonly<Record<string, SchemeInfo>> = Object.freeze({
  ftp: { port: 21, transport: 'tcp' },
  http: { port: 80, transport: 'tcp' },
  https: { port: 443, application: 'http' },
  sftp: { port: 22, transport: 'tcp' },
  ssh: { port: 22, transport: 'tcp' },
  tftp: { port: 69, transport: 'udp' },
  ws: { port: 80, transport: 'tcp' },
  wss: { port: 443, transport: 'tcp' },
});

export const bot = defineExpert({
  module: 'intelmq.bots.experts.url.expert',
  name: 'URL',
  description: 'Extracts host (IP or FQDN), port, path, account and protocol from source.url and destination.url.',
  parameters: Type.Object({
    overwrite: Type.Boolean({ default: false, description: 'Replace fields that already have a value.' }),
    skip_fields: Type.Union([Type.Array(Type.String()), Type.Null()], { default: null, description: 'Fields never filled, e.g. ["source.port"].' }),
  }),
  create(ctx) {
    const overwrite = ctx.params.overwrite;
    const skip = new Set(ctx.params.skip_fields ?? []);
    return {
      process(event, emit) {
        let protocolsAdded = 0;
        for (const base of ['source', 'destination']) {
          const value = event.get(`${base}.url`);
          if (!value) continue;
          const url = urlparse(String(value));
          // The first URL that yields a protocol wins; the second one only adds its own fields.
          const setProtocols = protocolsAdded === 0;
          const host = url.hostname;
          if (host && !skip.has(`${base}.ip`) && isValidSanitized('IPAddress', host)) {
            event.add(`${base}.ip`, host, { overwrite });
          } else if (host && !skip.has(`${base}.fqdn`) && isValidSanitized('FQDN', host)) {
            event.add(`${base}.fqdn`, host, { overwrite });
          }
          const scheme = Object.hasOwn(URL_SCHEMES, url.scheme) ? URL_SCHEMES[url.scheme] : undefined;
          const port = url.port;
          if (port && !skip.has(`${base}.port`)) {
            event.add(`${base}.port`, String(port), { overwrite });
          } else if (!skip.has(`${base}.port`) && scheme) {
            event.add(`${base}.port`, String(scheme.port), { overwrite });
          }
          if (url.path && !skip.has(`${base}.urlpath`)) event.add(`${base}.urlpath`, url.path, { overwrite });
          if (url.username && !skip.has(`${base}.account`)) {
            event.add(`${base}.account`, url.username, { overwrite, raiseFailure: false });
          }
          if (setProtocols && url.scheme && !skip.has('protocol.application')) {
            event.add('protocol.application', scheme?.application ?? url.scheme, { overwrite });
            protocolsAdded++;
          }
          if (setProtocols && url.scheme && !skip.has('protocol.transport') && scheme?.transport) {
            event.add('protocol.transport', scheme.transport, { overwrite });
            protocolsAdded++;
          }
        }
        emit(event);
      },
    };
  },
});
