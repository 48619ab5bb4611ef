/**
 * Python's `html.parser.HTMLParser` (convert_charrefs=True) as an incremental
 * tokenizer. Several upstream parsers scrape web pages by feeding it one
 * stripped line at a time and reading the *last* text chunk or start tag it
 * reported; which chunks exist (and when they are reported across line
 * boundaries) decides what those parsers extract, so the chunking follows
 * Python's rules rather than a DOM builder's.
 */
import { decodeHTML } from 'entities';

export type PyHtmlAttrs = Array<[name: string, value: string | null]>;

export interface PyHtmlHandler {
  starttag?(tag: string, attrs: PyHtmlAttrs): void;
  endtag?(tag: string): void;
  data?(data: string): void;
}

const STARTTAG_OPEN = /<[a-zA-Z]/y;
const TAGFIND = /([a-zA-Z][^\t\n\r\f />\x00]*)(?:\s|\/(?!>))*/y;
const ATTRFIND = /((?<=['"\s/])[^\s/>][^\s/=>]*)(\s*=+\s*('[^']*'|"[^"]*"|(?!['"])[^>\s]*))?(?:\s|\/(?!>))*/y;
const LOCATE_STARTTAG_END =
  /<[a-zA-Z][^\t\n\r\f />\x00]*(?:[\s/]*(?:(?<=['"\s/])[^\s/>][^\s/=>]*(?:\s*=+\s*(?:'[^']*'|"[^"]*"|(?!['"])[^>\s]*)\s*)?(?:\s|\/(?!>))*)*)?\s*/y;
const ENDTAGFIND = /<\/\s*([a-zA-Z][-.a-zA-Z0-9:_]*)\s*>/y;
const COMMENT_CLOSE = /--\s*>/g;
const CDATA_ELEMENTS = new Set(['script', 'style']);
const INCOMPLETE_CHARREF_END = /[\s;]/;
const ATTR_START_CHARS = 'abcdefghijklmnopqrstuvwxyz=/ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function matchAt(re: RegExp, text: string, pos: number): RegExpExecArray | null {
  re.lastIndex = pos;
  return re.exec(text);
}

/** `html.unescape`. */
export function pyHtmlUnescape(text: string): string {
  return text.includes('&') ? decodeHTML(text) : text;
}

export class PyHtmlParser {
  private rawdata = '';
  private cdataElem: string | null = null;

  constructor(private readonly handler: PyHtmlHandler) {}

  feed(data: string): void {
    this.rawdata += data;
    this.goahead();
  }

  private emitData(text: string): void {
    this.handler.data?.(this.cdataElem ? text : pyHtmlUnescape(text));
  }

  private goahead(): void {
    const raw = this.rawdata;
    const n = raw.length;
    let i = 0;
    while (i < n) {
      let j: number;
      if (this.cdataElem) {
        const close = new RegExp(`</\\s*${this.cdataElem}\\s*>`, 'ig');
        close.lastIndex = i;
        const m = close.exec(raw);
        // Script/style content is only reported once its end tag has arrived.
        if (!m) break;
        j = m.index;
      } else {
        j = raw.indexOf('<', i);
        if (j < 0) {
          // A character reference may be cut in half at the end of this feed.
          const amp = raw.lastIndexOf('&');
          if (amp >= Math.max(i, n - 34) && !INCOMPLETE_CHARREF_END.test(raw.slice(amp))) break;
          j = n;
        }
      }
      if (i < j) this.emitData(raw.slice(i, j));
      i = j;
      if (i === n) break;
      let k: number;
      if (matchAt(STARTTAG_OPEN, raw, i)) k = this.parseStarttag(i);
      else if (raw.startsWith('</', i)) k = this.parseEndtag(i);
      else if (raw.startsWith('<!--', i)) k = this.parseComment(i);
      else if (raw.startsWith('<?', i)) k = this.skipTo(raw, '>', i + 2);
      else if (raw.startsWith('<!', i)) k = this.parseDeclaration(i);
      else if (i + 1 < n) {
        this.emitData('<');
        k = i + 1;
      } else break;
      // An incomplete construct waits for the next feed.
      if (k < 0) break;
      i = k;
    }
    this.rawdata = raw.slice(i);
  }

  private skipTo(raw: string, token: string, from: number): number {
    const at = raw.indexOf(token, from);
    return at < 0 ? -1 : at + token.length;
  }

  private parseComment(i: number): number {
    COMMENT_CLOSE.lastIndex = i + 4;
    const m = COMMENT_CLOSE.exec(this.rawdata);
    return m ? m.index + m[0].length : -1;
  }

  private parseDeclaration(i: number): number {
    const raw = this.rawdata;
    if (raw.startsWith('<![', i)) return this.skipTo(raw, ']]>', i + 3);
    if (raw.slice(i, i + 9).toLowerCase() === '<!doctype') return this.skipTo(raw, '>', i + 9);
    return this.skipTo(raw, '>', i + 2);
  }

  private wholeStarttagEnd(i: number): number {
    const raw = this.rawdata;
    const m = matchAt(LOCATE_STARTTAG_END, raw, i)!;
    const j = m.index + m[0].length;
    const next = raw.charAt(j);
    if (next === '>') return j + 1;
    if (next === '/') {
      if (raw.startsWith('/>', j)) return j + 2;
      return -1;
    }
    if (next === '' || ATTR_START_CHARS.includes(next)) return -1;
    return j > i ? j : i + 1;
  }

  private parseStarttag(i: number): number {
    const endpos = this.wholeStarttagEnd(i);
    if (endpos < 0) return endpos;
    const raw = this.rawdata;
    const name = matchAt(TAGFIND, raw, i + 1)!;
    const tag = name[1]!.toLowerCase();
    const attrs: PyHtmlAttrs = [];
    let k = name.index + name[0].length;
    while (k < endpos) {
      const m = matchAt(ATTRFIND, raw, k);
      if (!m || m[0].length === 0) break;
      let value: string | null = m[2] ? m[3]! : null;
      if (value !== null && value.length >= 2 && (value[0] === "'" || value[0] === '"') && value.endsWith(value[0])) value = value.slice(1, -1);
      if (value) value = pyHtmlUnescape(value);
      attrs.push([m[1]!.toLowerCase(), value]);
      k = m.index + m[0].length;
    }
    const end = raw.slice(k, endpos).trim();
    if (end !== '>' && end !== '/>') {
      this.emitData(raw.slice(i, endpos));
      return endpos;
    }
    this.handler.starttag?.(tag, attrs);
    if (end.endsWith('/>')) this.handler.endtag?.(tag);
    else if (CDATA_ELEMENTS.has(tag)) this.cdataElem = tag;
    return endpos;
  }

  private parseEndtag(i: number): number {
    const raw = this.rawdata;
    const gt = raw.indexOf('>', i + 1);
    if (gt < 0) return -1;
    const gtpos = gt + 1;
    const m = matchAt(ENDTAGFIND, raw, i);
    if (!m) {
      if (this.cdataElem) {
        this.emitData(raw.slice(i, gtpos));
        return gtpos;
      }
      const name = matchAt(TAGFIND, raw, i + 2);
      if (!name) return raw.startsWith('</>', i) ? i + 3 : this.skipTo(raw, '>', i + 2);
      this.handler.endtag?.(name[1]!.toLowerCase());
      return raw.indexOf('>', name.index + name[0].length) + 1;
    }
    const elem = m[1]!.toLowerCase();
    if (this.cdataElem && elem !== this.cdataElem) {
      this.emitData(raw.slice(i, gtpos));
      return gtpos;
    }
    this.handler.endtag?.(elem);
    this.cdataElem = null;
    return gtpos;
  }
}
