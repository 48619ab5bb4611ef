/**
 * Just enough XML for the CleanMX feeds: an element tree with text and tails
 * (Python ElementTree's model) and ElementTree's serialisation, because the
 * event's `raw` is the entry as `ElementTree.tostring` writes it.
 */
export interface XmlElement {
  tag: string;
  attributes: Array<[string, string]>;
  text: string | null;
  tail: string | null;
  children: XmlElement[];
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (whole, name: string) => {
    if (name.startsWith('#x')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
    const v = ENTITIES[name];
    if (v === undefined) throw new Error(`undefined entity ${whole}`);
    return v;
  });
}

function appendText(parent: XmlElement | undefined, last: XmlElement | undefined, text: string): void {
  if (!parent || !text) return;
  if (last) last.tail = (last.tail ?? '') + text;
  else parent.text = (parent.text ?? '') + text;
}

/** Parses a document; returns its root element. Throws on malformed input. */
export function parseXml(input: string): XmlElement {
  // XML line-end normalisation, as expat does.
  const source = input.replace(/\r\n?/g, '\n');
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let i = 0;
  const lastChild = () => {
    const top = stack[stack.length - 1];
    return top?.children[top.children.length - 1];
  };
  while (i < source.length) {
    const lt = source.indexOf('<', i);
    const textEnd = lt < 0 ? source.length : lt;
    if (textEnd > i) {
      const text = source.slice(i, textEnd);
      if (stack.length) appendText(stack[stack.length - 1], lastChild(), decodeEntities(text));
      else if (text.trim()) throw new Error('text outside the root element');
    }
    if (lt < 0) break;
    if (source.startsWith('<![CDATA[', lt)) {
      const end = source.indexOf(']]>', lt);
      if (end < 0) throw new Error('unterminated CDATA section');
      appendText(stack[stack.length - 1], lastChild(), source.slice(lt + 9, end));
      i = end + 3;
    } else if (source.startsWith('<!--', lt)) {
      const end = source.indexOf('-->', lt);
      if (end < 0) throw new Error('unterminated comment');
      i = end + 3;
    } else if (source.startsWith('<?', lt) || source.startsWith('<!', lt)) {
      const end = source.indexOf('>', lt);
      if (end < 0) throw new Error('unterminated declaration');
      i = end + 1;
    } else if (source.startsWith('</', lt)) {
      const end = source.indexOf('>', lt);
      const name = source.slice(lt + 2, end).trim();
      const open = stack.pop();
      if (!open || open.tag !== name) throw new Error(`mismatched tag </${name}>`);
      i = end + 1;
    } else {
      const m = /^<([^\s/>]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/.exec(source.slice(lt));
      if (!m) throw new Error(`malformed tag at offset ${lt}`);
      const el: XmlElement = { tag: m[1]!, attributes: [], text: null, tail: null, children: [] };
      for (const a of m[2]!.matchAll(/([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) el.attributes.push([a[1]!, decodeEntities(a[2] ?? a[3] ?? '')]);
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(el);
      else if (root) throw new Error('junk after document element');
      else root = el;
      if (!m[3]) stack.push(el);
      i = lt + m[0].length;
    }
  }
  if (!root || stack.length) throw new Error('no element found or unclosed element');
  return root;
}

/** Every element with this tag, in document order (`Element.iter(tag)`). */
export function* iterElements(el: XmlElement, tag: string): Iterable<XmlElement> {
  if (el.tag === tag) yield el;
  for (const child of el.children) yield* iterElements(child, tag);
}

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttribute = (s: string) =>
  escapeText(s).replace(/"/g, '&quot;').replace(/\r/g, '&#13;').replace(/\n/g, '&#10;').replace(/\t/g, '&#09;');

/** `ElementTree.tostring(el, encoding='utf-8')` as text (the element's tail included). */
export function serializeXml(el: XmlElement): string {
  let out = `<${el.tag}`;
  for (const [k, v] of el.attributes) out += ` ${k}="${escapeAttribute(v)}"`;
  if (el.text || el.children.length) {
    out += `>${el.text ? escapeText(el.text) : ''}`;
    for (const child of el.children) out += serializeXml(child);
    out += `</${el.tag}>`;
  } else {
    out += ' />';
  }
  if (el.tail) out += escapeText(el.tail);
  return out;
}
