/**
 * The parts of a FireEye OpenIOC alert the parser reads. The indicator list
 * is read as XML (upstream: xmltodict); the network indicator by splitting the
 * text, as upstream does, so that oddly formed alerts give the same result.
 */
import { Parser } from 'htmlparser2';
import { isValidAddress } from '../../../message/types/index.ts';
import { pyIntFromText } from '../../../message/types/py.ts';

export interface IndicatorItem {
  search: string | undefined;
  content: string | undefined;
}

/** The items of `OpenIOC/criteria/Indicator`; `null` where that path does not exist. */
export function topIndicatorItems(xml: string): IndicatorItem[] | null {
  const path: string[] = [];
  const items: IndicatorItem[] = [];
  let indicators = 0;
  let current: IndicatorItem | undefined;
  let text: string | undefined;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        path.push(name);
        const at = path.join('/');
        if (at === 'OpenIOC/criteria/Indicator') indicators++;
        else if (at === 'OpenIOC/criteria/Indicator/IndicatorItem') items.push((current = { search: undefined, content: undefined }));
        else if (current && at === 'OpenIOC/criteria/Indicator/IndicatorItem/Context') current.search = attrs['search'];
        else if (current && at === 'OpenIOC/criteria/Indicator/IndicatorItem/Content') text = '';
      },
      ontext(data) {
        if (text !== undefined) text += data;
      },
      onclosetag() {
        if (current && text !== undefined && path.join('/') === 'OpenIOC/criteria/Indicator/IndicatorItem/Content') {
          current.content = text.trim() || undefined;
          text = undefined;
        }
        path.pop();
      },
    },
    { xmlMode: true },
  );
  parser.end(xml);
  if (indicators > 1) throw new TypeError('The alert has several top-level indicators.');
  return indicators === 1 && items.length ? items : null;
}

/** Context searches of the network indicator and the fields they fill. */
const NETWORK_CONTEXTS: ReadonlyMap<string, string> = new Map([
  ['Network/HTTP/RequestURI', 'destination.urlpath'],
  ['Network/HTTP/Host', 'destination.ip'],
  ['Network/Connection/RemotePort', 'destination.port'],
  ['Network/Connection/Protocol', 'protocol.transport'],
  ['Network/DNS', 'destination.fqdn'],
]);

/**
 * Field values of the network indicator text (the alert's second nested
 * `<Indicator>`), in order. The URL is composed from the DNS name and the
 * request path once a later item follows them; a host that is not an IPv4
 * address ends the reading of its item.
 */
export function networkValues(indicator: string): Array<[string, string | number]> {
  const out: Array<[string, string | number]> = [];
  let fqdn = '';
  let urlpath = '';
  for (const item of indicator.split('<IndicatorItem condition')) {
    if (!item.includes('search=')) continue;
    for (const part of item.split('search="')) {
      const field = part.includes('"/>') ? (NETWORK_CONTEXTS.get(part.split('"/>')[0]!) ?? '') : '';
      if (!part.includes('Content')) continue;
      const afterTag = part.split('">')[1];
      if (afterTag === undefined) throw new RangeError('An indicator item has no content.');
      const content = afterTag.split('</Content>')[0]!;
      if (fqdn && urlpath) {
        out.push(['destination.url', `http://${fqdn}${urlpath}`]);
        urlpath = '';
      }
      if (field === 'destination.ip') {
        if (isValidAddress(content) && !content.includes(':')) out.push([field, content]);
        break;
      } else if (field === 'destination.fqdn') {
        fqdn = content;
        out.push([field, content]);
      } else if (field === 'destination.urlpath') {
        urlpath = content;
        out.push([field, content]);
      } else if (field === 'destination.port') {
        const port = pyIntFromText(content);
        if (port === null) throw new TypeError(`The remote port is not a number: ${JSON.stringify(content)}`);
        out.push([field, port]);
      }
    }
  }
  return out;
}
