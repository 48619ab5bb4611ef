import { Type } from '@sinclair/typebox';
import { defineCollector, type BotLogger } from '../../../bot/declaration.ts';
import { HttpClient, HttpParameters, type HttpResponse } from '../_shared/http.ts';
import { TimeFormattingSchema, formatWithTime, type TimeFormatting } from '../_shared/time-format.ts';
import { parseExtractFiles, unzip, type ArchiveMember } from '../_shared/unzip.ts';
import { gpgAvailable, verifyDetached } from './pgp.ts';
import { urlReachNotice } from '../../../bot/network-reach.ts';

const nullableString = (description: string) => Type.Union([Type.String(), Type.Null()], { default: null, description });

export const bot = defineCollector({
  module: 'intelmq.bots.collectors.http.collector_http',
  name: 'URL Fetcher',
  description: 'Downloads a URL (optionally date-formatted) and sends the body, or each member of a downloaded archive, as a report.',
  multithreadable: false,
  parameters: Type.Object({
    http_url: Type.String({ description: 'URL to download; may contain {time[<strftime>]} placeholders when http_url_formatting is set.' }),
    http_url_formatting: TimeFormattingSchema('Fill {time[...]} placeholders in http_url: true = now, a timedelta mapping such as {"days": -1} = now shifted by it.'),
    extract_files: Type.Union([Type.Null(), Type.Boolean(), Type.String(), Type.Array(Type.String())], {
      default: false,
      description: 'Unpack the download (zip, tar, tar.gz, tar.bz2, gzip): true = every member, a list or comma-separated names = those members. When false only zip files are unpacked.',
    }),
    verify_pgp_signatures: Type.Boolean({ default: false, description: 'Download signature_url and verify the report with gpg; reports with a missing or bad signature are rejected.' }),
    signature_url: nullableString('URL of the detached PGP signature of the download.'),
    signature_url_formatting: TimeFormattingSchema('Same as http_url_formatting, for signature_url.'),
    gpg_keyring: nullableString('Keyring file with the signing key; default: the keyring of the user running the bot.'),
    rate_limit: Type.Number({ minimum: 0, default: 3600, description: 'Seconds between two downloads.' }),
    ...HttpParameters,
  }),
  check(p) {
    return urlReachNotice(String(p.http_url), 'downloads');
  },
  create(ctx) {
    const p = ctx.params;
    if (p.verify_pgp_signatures) {
      if (!p.signature_url) throw new Error(`bot '${ctx.botId}': verify_pgp_signatures is set, but signature_url is not.`);
      if (!gpgAvailable()) throw new Error(`bot '${ctx.botId}': verify_pgp_signatures needs the gpg binary (Debian package gnupg), which was not found.`);
      ctx.logger.info('PGP signature verification is active.');
    }
    const http = new HttpClient(p, ctx.logger);
    const extractFiles = parseExtractFiles(p.extract_files);
    const formatUrl = (url: string, formatting: TimeFormatting, param: string) => {
      if (!formatting) return url;
      try {
        return formatWithTime(url, formatting);
      } catch (e) {
        throw new Error(`Cannot format ${param} ${JSON.stringify(url)}: ${(e as Error).message}`);
      }
    };
    return {
      async collect(emit) {
        const url = formatUrl(p.http_url, p.http_url_formatting, 'http_url');
        ctx.logger.info(`Downloading report from '${url}'.`);
        const resp = await http.get(url);
        if (Math.floor(resp.status / 100) !== 2) {
          logFailedResponse(ctx.logger, resp);
          throw new Error(`HTTP response status code was ${resp.status}.`);
        }
        ctx.logger.info('Report downloaded.');
        if (p.verify_pgp_signatures && !(await signatureValid(resp.body))) return;
        for (const { name, content } of await members(resp)) {
          const report = ctx.newReport();
          report.add('raw', content);
          report.add('feed.url', url);
          if (name) report.add('extra.file_name', name);
          emit(report);
        }
      },
      shutdown: () => http.close(),
    };

    async function members(resp: HttpResponse): Promise<ArchiveMember[]> {
      if (extractFiles) return unzip(resp.body, extractFiles, { logger: ctx.logger });
      try {
        const found = await unzip(resp.body, true, { tryTar: false, tryGzip: false, logger: ctx.logger });
        ctx.logger.info(`Extracting files: '${found.map((m) => m.name).join("', '")}'.`);
        return found;
      } catch {
        return [{ name: null, content: bodyAsText(resp) }];
      }
    }

    async function signatureValid(data: Buffer): Promise<boolean> {
      const sigUrl = formatUrl(p.signature_url!, p.signature_url_formatting, 'signature_url');
      ctx.logger.info(`Downloading PGP signature from ${sigUrl}.`);
      const sig = await http.get(sigUrl);
      if (Math.floor(sig.status / 100) !== 2) throw new Error(`Could not download PGP signature for report: ${sig.status}.`);
      ctx.logger.info('PGP signature downloaded.');
      const result = await verifyDetached(data, sig.body, p.gpg_keyring);
      if (!result.valid) {
        ctx.logger.error(`Signature for key ${result.keyId ?? 'unknown'} is not valid: ${result.status}. Report rejected.`);
        return false;
      }
      if (result.trustLevel === null || result.trustLevel < 1) ctx.logger.debug(`Trust level not defined for key ${result.keyId}.`);
      else if (result.trustLevel < 3) ctx.logger.debug(`Low trust level for key ${result.keyId}: ${result.trustLevel}.`);
      ctx.logger.info(`PGP signature checked with key ${result.keyId}: ${result.status}.`);
      return true;
    }
  },
});

/**
 * The body as text, as upstream's `resp.text`: bytes in a declared non-UTF-8
 * charset are recoded to UTF-8. Without a declared charset the bytes are kept
 * (requests would assume ISO-8859-1 for text/* and garble UTF-8 feeds).
 */
function bodyAsText(resp: HttpResponse): Buffer {
  const charset = /charset=["']?([^;"'\s]+)/i.exec(resp.headers.get('content-type') ?? '')?.[1]?.toLowerCase();
  if (!charset || charset === 'utf-8' || charset === 'utf8') return resp.body;
  try {
    return Buffer.from(new TextDecoder(charset).decode(resp.body), 'utf8');
  } catch {
    return resp.body;
  }
}

function logFailedResponse(logger: BotLogger, resp: HttpResponse): void {
  logger.debug(`Response headers: ${JSON.stringify(Object.fromEntries(resp.headers.entries()))}.`);
  logger.debug(`Response body: ${JSON.stringify(resp.body.toString('utf8'))}.`);
}
