import { Type } from '@sinclair/typebox';
import { defineParser } from '../../../bot/declaration.ts';
import { reportText } from '../../../bot/parse-helpers.ts';
import type { ParseState } from '../../../bot/parse-state.ts';
import { pyJsonDumps, type Report } from '../../../message/index.ts';
import { convertDateTime, urlsplit } from '../../../message/types/index.ts';
import { pyFloat } from '../../../message/types/py.ts';
import { pyJsonLoads, unboxed } from '../json/pyjson-loads.ts';

type Fields = Record<string, unknown>;

/** The `ecsirt` taxonomy tags (MISP's default) and the classification they stand for. */
const TAG_TYPES: ReadonlyMap<string, string> = new Map([
  ['ecsirt:fraud="phishing"', 'phishing'],
  ['ecsirt:availability="ddos"', 'ddos'],
  ['ecsirt:abusive-content="spam"', 'spam'],
  ['ecsirt:information-gathering="scanner"', 'scanner'],
  ['ecsirt:information-content-security="dropzone"', 'other'],
  ['ecsirt:malicious-code="malware"', 'malware'],
  ['ecsirt:malicious-code="botnet-drone"', 'infected-system'],
  ['ecsirt:malicious-code="ransomware"', 'infected-system'],
  ['ecsirt:malicious-code="malware-configuration"', 'malware-configuration'],
  ['ecsirt:malicious-code="c2server"', 'c2-server'],
  ['ecsirt:intrusion-attempts="exploit"', 'exploit'],
  ['ecsirt:intrusion-attempts="brute-force"', 'brute-force'],
  ['ecsirt:intrusion-attempts="ids-alert"', 'ids-alert'],
  ['ecsirt:intrusions="defacement"', 'unauthorised-information-modification'],
  ['ecsirt:intrusions="compromised"', 'system-compromise'],
  ['ecsirt:intrusions="backdoor"', 'system-compromise'],
  ['ecsirt:vulnerable="vulnerable-service"', 'vulnerable-system'],
  ['ecsirt:other="blacklist"', 'blacklist'],
  ['ecsirt:other="unknown"', 'undetermined'],
  ['ecsirt:test="test"', 'test'],
]);

/** Attribute categories that become events. */
const CATEGORIES = new Set(['Payload delivery', 'Artifacts dropped', 'Payload installation', 'Network activity']);

/** Attribute types that become events, and their field. */
const ATTRIBUTE_FIELDS: ReadonlyMap<string, string> = new Map([
  ['domain', 'source.fqdn'],
  ['hostname', 'source.fqdn'],
  ['md5', 'malware.hash.md5'],
  ['sha1', 'malware.hash.sha1'],
  ['ip-src', 'source.ip'],
  ['ip-dst', 'source.ip'],
  ['email-src', 'source.account'],
  ['url', 'source.url'],
]);

/** Schemes `urllib.parse.urljoin` resolves relative references for. */
const RELATIVE_SCHEMES = new Set(['', 'ftp', 'http', 'gopher', 'nntp', 'imap', 'wais', 'file', 'https', 'shttp', 'mms', 'prospero', 'rtsp', 'rtspu', 'sftp', 'svn', 'svn+ssh', 'ws', 'wss']);

/** Python's `urljoin(base, path)` for a relative path without dot segments. */
export function joinUrl(base: string, path: string): string {
  const b = urlsplit(base);
  if (!b || !RELATIVE_SCHEMES.has(b.scheme)) return path;
  const slash = b.path.lastIndexOf('/');
  const dir = slash >= 0 ? b.path.slice(0, slash + 1) : b.netloc ? '/' : '';
  return `${b.scheme ? `${b.scheme}:` : ''}${b.netloc ? `//${b.netloc}` : ''}${dir}${path}`;
}

interface Context {
  eventUuid: unknown;
  eventUrl: string;
  classification: string | undefined;
  malwareVariant: string | undefined;
}

interface Item {
  attribute: Fields;
  /** As parsed, floats boxed, for `raw`. */
  boxed: unknown;
  context: Context;
}

function attributesOf(doc: Fields): unknown[] {
  const boxed = [...((doc['Attribute'] as unknown[] | undefined) ?? [])];
  for (const obj of (doc['Object'] as Fields[] | undefined) ?? []) boxed.push(...((obj['Attribute'] as unknown[] | undefined) ?? []));
  return boxed;
}

export const bot = defineParser({
  module: 'intelmq.bots.parsers.misp.parser',
  name: 'MISP',
  description:
    'Parses MISP events (as the MISP collector fetches them): one event per attribute of a supported category and type, classified by the ecsirt tag of the MISP event.',
  parameters: Type.Object({}),
  create(ctx) {
    return {
      *parse(report: Report, state: ParseState): Iterable<Item> {
        const text = reportText(report);
        state.custom['text'] = text;
        const boxedDoc = pyJsonLoads(text, { boxFloats: true }) as Fields;
        const doc = unboxed(boxedDoc) as Fields;
        const tags = (doc['Tag'] as Fields[] | undefined) ?? [];
        const tag = tags.find((t) => TAG_TYPES.has(String(t['name'])));
        const boxedAttributes = attributesOf(boxedDoc);
        const attributes = boxedAttributes.map((a) => unboxed(a) as Fields);
        // The last "Payload type" attribute names the malware of the whole MISP event.
        const payloadTypes = attributes.filter((a) => a['category'] === 'Payload type');
        const variant = payloadTypes.length ? String(payloadTypes[payloadTypes.length - 1]!['value']).toLowerCase() : undefined;
        const feedUrl = report.get('feed.url');
        if (typeof feedUrl !== 'string') throw new Error('The report has no feed.url, the MISP instance the event comes from.');
        const context: Context = {
          eventUuid: doc['uuid'],
          eventUrl: joinUrl(feedUrl, `events/view/${String(doc['id'])}`),
          classification: tag ? TAG_TYPES.get(String(tag['name'])) : undefined,
          malwareVariant: variant,
        };
        for (let i = 0; i < attributes.length; i++) {
          const attribute = attributes[i]!;
          if (CATEGORIES.has(String(attribute['category'])) && ATTRIBUTE_FIELDS.has(String(attribute['type']))) {
            yield { attribute, boxed: boxedAttributes[i], context };
          }
        }
      },
      recoverLine: (_item: Item, state: ParseState) => String(state.custom['text'] ?? ''),
      parseLine({ attribute, boxed, context }: Item, report: Report) {
        const event = ctx.newEvent(report);
        event.add('raw', pyJsonDumps(boxed, { sortKeys: true }));
        event.add(ATTRIBUTE_FIELDS.get(String(attribute['type']))!, attribute['value']);
        event.add('misp.event_uuid', context.eventUuid);
        event.add('misp.attribute_uuid', attribute['uuid']);
        event.add('comment', attribute['comment']);
        event.add('event_description.text', attribute['category']);
        event.add('event_description.url', context.eventUrl);
        event.add('malware.name', context.malwareVariant, { raiseFailure: false });
        // Without an ecsirt tag the MISP event does not say what it is.
        event.add('classification.type', context.classification ?? 'undetermined');
        const seconds = pyFloat(attribute['timestamp']);
        if (seconds === null) throw new TypeError(`The attribute timestamp is not a number: ${JSON.stringify(attribute['timestamp'])}`);
        event.add('time.source', convertDateTime(seconds, 'timestamp'));
        return event;
      },
    };
  },
});
