/**
 * A document tree built and printed the way BeautifulSoup 4 does with
 * Python's `html.parser`, since upstream puts `str(row)` into `raw` and reads
 * cells with `.text`.
 *
 * Tokens come from htmlparser2's Tokenizer: a maintained, forgiving HTML
 * tokenizer whose low-level interface leaves tree construction to us. That
 * matters because html.parser applies no HTML5 tree rules (no implied `</td>`
 * or `<tbody>`, no foster parenting) and BeautifulSoup adds its own: void
 * elements close at once, stray end tags are dropped, whitespace-only text is
 * collapsed to a newline or a space, `class` and friends are word lists.
 * parse5/cheerio would build the HTML5 tree instead and give different rows.
 * Entities are decoded by htmlparser2 (WHATWG rules), which agrees with
 * html.parser for every well-formed reference.
 */
import { QuoteType, Tokenizer } from 'htmlparser2';
import { compareCodePoints } from '../../../message/pyjson.ts';

/** BeautifulSoup's string classes; `.text` only counts `text` and `cdata`. */
export type StringKind = 'text' | 'cdata' | 'comment' | 'doctype' | 'declaration' | 'pi' | 'script' | 'style' | 'template' | 'rt' | 'rp';

export interface SoupElement {
  readonly type: 'element';
  readonly name: string;
  readonly attrs: Map<string, string | string[]>;
  readonly children: SoupNode[];
}

export interface SoupString {
  readonly type: 'string';
  readonly kind: StringKind;
  readonly text: string;
}

export type SoupNode = SoupElement | SoupString;

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'keygen', 'link', 'menuitem', 'meta', 'param', 'source', 'track', 'wbr',
  'basefont', 'bgsound', 'command', 'frame', 'image', 'isindex', 'nextid', 'spacer']);
const PRESERVE_WHITESPACE = new Set(['pre', 'textarea']);
const STRING_CONTAINERS: ReadonlyMap<string, StringKind> = new Map([['rt', 'rt'], ['rp', 'rp'], ['style', 'style'], ['script', 'script'], ['template', 'template']]);
const CDATA_CONTAINING = new Set(['script', 'style']);
const LIST_ATTRS_ANY = new Set(['class', 'accesskey', 'dropzone']);
const LIST_ATTRS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['a', new Set(['rel', 'rev'])], ['link', new Set(['rel', 'rev'])], ['td', new Set(['headers'])], ['th', new Set(['headers'])],
  ['form', new Set(['accept-charset'])], ['object', new Set(['archive'])], ['area', new Set(['rel'])], ['icon', new Set(['sizes'])],
  ['iframe', new Set(['sandbox'])], ['output', new Set(['for'])],
]);
/** Python's `\S+` on str: runs of characters that are not `str.isspace()`. */
const WORDS = /[^\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/gu;
const ASCII_SPACES_ONLY = /^[\x20\n\t\f\r]*$/u;

/**
 * html.parser hands `&name;` of an unknown entity to BeautifulSoup without
 * its semicolon, which keeps `&name`; htmlparser2 leaves such text as it is.
 */
function unknownReferences(text: string): string {
  return text.includes('&') ? text.replace(/&([a-zA-Z][-.a-zA-Z0-9]*);/gu, '&$1') : text;
}

function element(name: string, attrs: Map<string, string | string[]>): SoupElement {
  return { type: 'element', name, attrs, children: [] };
}

export function parseHtml(markup: string): SoupElement {
  const root = element('[document]', new Map());
  const stack: SoupElement[] = [root];
  const openCount = new Map<string, number>();
  const containers: SoupElement[] = [];
  const alreadyClosedEmpty: string[] = [];
  /** Text since the last tag; `raw` pieces are markup slices, the others decoded references. */
  let pending: Array<{ text: string; raw: boolean }> = [];
  let tagName = '';
  let tagAttrs: Array<[string, string | null]> = [];
  let attrName = '';
  let attrValue = '';
  const slice = (start: number, end: number) => markup.slice(start, end);
  const top = () => stack[stack.length - 1]!;

  /** BeautifulSoup.endData: the collected text becomes one string of the given kind. */
  const endData = (kind?: StringKind) => {
    if (!pending.length) return;
    let data = '';
    let rawRun = '';
    const inCdataElement = CDATA_CONTAINING.has(top().name);
    for (const piece of pending) {
      if (piece.raw) {
        rawRun += piece.text;
        continue;
      }
      data += inCdataElement ? rawRun : unknownReferences(rawRun);
      rawRun = '';
      data += piece.text;
    }
    data += inCdataElement ? rawRun : unknownReferences(rawRun);
    pending = [];
    if (ASCII_SPACES_ONLY.test(data) && !stack.some((t) => PRESERVE_WHITESPACE.has(t.name))) data = data.includes('\n') ? '\n' : ' ';
    const container = containers[containers.length - 1];
    const resolved = kind ?? (container ? STRING_CONTAINERS.get(container.name)! : 'text');
    top().children.push({ type: 'string', kind: resolved, text: data });
  };
  const special = (kind: StringKind, text: string) => {
    endData();
    pending.push({ text, raw: false });
    endData(kind);
  };
  const popTag = () => {
    const t = stack.pop()!;
    openCount.set(t.name, (openCount.get(t.name) ?? 1) - 1);
    if (containers[containers.length - 1] === t) containers.pop();
  };
  const soupEndTag = (name: string) => {
    endData();
    if (!openCount.get(name)) return;
    while (stack.length > 1) {
      const t = top();
      popTag();
      if (t.name === name) return;
    }
  };
  const parserEndTag = (name: string, checkAlreadyClosed: boolean) => {
    const i = checkAlreadyClosed ? alreadyClosedEmpty.indexOf(name) : -1;
    if (i >= 0) alreadyClosedEmpty.splice(i, 1);
    else soupEndTag(name);
  };
  const startTag = (selfClosing: boolean) => {
    endData();
    const attrs = new Map<string, string | string[]>();
    for (const [k, v] of tagAttrs) {
      const value = v ?? '';
      attrs.set(k, LIST_ATTRS_ANY.has(k) || LIST_ATTRS.get(tagName)?.has(k) ? (value.match(WORDS) ?? []) : value);
    }
    const el = element(tagName, attrs);
    top().children.push(el);
    stack.push(el);
    openCount.set(tagName, (openCount.get(tagName) ?? 0) + 1);
    if (STRING_CONTAINERS.has(tagName)) containers.push(el);
    if (selfClosing) {
      parserEndTag(tagName, true);
    } else if (VOID.has(tagName)) {
      parserEndTag(tagName, false);
      alreadyClosedEmpty.push(tagName);
    }
  };

  const tokenizer = new Tokenizer({ decodeEntities: true, recognizeSelfClosing: true }, {
    ontext: (start, end) => {
      if (end > start) pending.push({ text: slice(start, end), raw: true });
    },
    ontextentity: (cp) => {
      pending.push({ text: String.fromCodePoint(cp), raw: false });
    },
    onopentagname: (start, end) => {
      tagName = slice(start, end).toLowerCase();
      tagAttrs = [];
    },
    onattribname: (start, end) => {
      attrName = slice(start, end).toLowerCase();
      attrValue = '';
    },
    onattribdata: (start, end) => {
      attrValue += slice(start, end);
    },
    onattribentity: (cp) => {
      attrValue += String.fromCodePoint(cp);
    },
    onattribend: (quote) => {
      tagAttrs.push([attrName, quote === QuoteType.NoValue ? null : attrValue]);
    },
    onopentagend: () => startTag(false),
    onselfclosingtag: () => startTag(true),
    onclosetag: (start, end) => parserEndTag(slice(start, end).toLowerCase(), true),
    oncomment: (start, end, offset) => {
      const text = slice(start, end - offset);
      // html.parser reads `<?…>` as a processing instruction; htmlparser2 calls it a bogus comment.
      if (markup[start - 1] === '<' && text.startsWith('?')) special('pi', text.slice(1));
      else special('comment', text);
    },
    oncdata: (start, end, offset) => special('cdata', slice(start, end - offset)),
    ondeclaration: (start, end) => {
      const text = slice(start, end);
      special('doctype', text.startsWith('DOCTYPE ') ? text.slice('DOCTYPE '.length) : text);
    },
    onprocessinginstruction: (start, end) => special('pi', slice(start, end)),
    onend: () => endData(),
  });
  tokenizer.write(markup);
  tokenizer.end();
  while (stack.length > 1) popTag();
  return root;
}

/** Descendant elements named `name`, in document order (`find_all(name)`). */
export function findAll(node: SoupElement, name: string, filter?: (el: SoupElement) => boolean): SoupElement[] {
  const out: SoupElement[] = [];
  const walk = (el: SoupElement) => {
    for (const child of el.children) {
      if (child.type !== 'element') continue;
      if (child.name === name && (!filter || filter(child))) out.push(child);
      walk(child);
    }
  };
  walk(node);
  return out;
}

/** BeautifulSoup's `attrs={name: value}` match with a string value; a word list matches one word or all of them. */
export function attributeMatches(el: SoupElement, name: string, value: string): boolean {
  const actual = el.attrs.get(name);
  if (actual === undefined) return !value;
  if (Array.isArray(actual)) return actual.includes(value) || actual.join(' ') === value;
  return actual === value;
}

/** `tag.text`: the plain and CDATA strings below the element. */
export function textOf(el: SoupElement): string {
  let out = '';
  for (const child of el.children) {
    if (child.type === 'element') out += textOf(child);
    else if (child.kind === 'text' || child.kind === 'cdata') out += child.text;
  }
  return out;
}

const escapeXml = (s: string) => s.replace(/[&<>]/gu, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));

function quoteAttribute(value: string): string {
  if (!value.includes('"')) return `"${value}"`;
  if (!value.includes("'")) return `'${value}'`;
  return `"${value.replaceAll('"', '&quot;')}"`;
}

function stringMarkup(s: SoupString, parent: SoupElement): string {
  switch (s.kind) {
    case 'comment':
      return `<!--${s.text}-->`;
    case 'cdata':
      return `<![CDATA[${s.text}]]>`;
    case 'doctype':
      return `<!DOCTYPE ${s.text}>`;
    case 'declaration':
      return `<?${s.text}?>`;
    case 'pi':
      return `<?${s.text}>`;
    default:
      return CDATA_CONTAINING.has(parent.name) ? s.text : escapeXml(s.text);
  }
}

/** `str(tag)` with the default "minimal" formatter: sorted attributes, `<br/>` for empty void elements. */
export function outerHtml(el: SoupElement): string {
  let out = `<${el.name}`;
  for (const k of [...el.attrs.keys()].sort(compareCodePoints)) {
    const v = el.attrs.get(k)!;
    out += ` ${k}=${quoteAttribute(escapeXml(Array.isArray(v) ? v.join(' ') : v))}`;
  }
  if (VOID.has(el.name) && el.children.length === 0) return `${out}/>`;
  out += '>';
  for (const child of el.children) out += child.type === 'element' ? outerHtml(child) : stringMarkup(child, el);
  return `${out}</${el.name}>`;
}
