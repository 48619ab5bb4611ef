/**
 * Where JSON text stops being valid. V8's JSON.parse omits the position for
 * its most common error ("Unexpected token"), but operators need a line and
 * column to fix a hand-edited harmonization.conf, so we scan for it ourselves.
 */

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const STRING_BODY = /(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*/y;

class Invalid {
  constructor(readonly offset: number) {}
}

/** Offset of the first syntax error in `text`, or -1 when it is valid JSON. */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const fail = (): never => {
    throw new Invalid(i);
  };
  const skip = () => {
    while (i < text.length && WHITESPACE.has(text[i] as string)) i++;
  };
  const expect = (c: string) => {
    if (text[i] !== c) fail();
    i++;
  };
  const match = (re: RegExp) => {
    re.lastIndex = i;
    if (!re.exec(text)) fail();
    i = re.lastIndex;
  };
  const string = () => {
    expect('"');
    match(STRING_BODY);
    expect('"');
  };
  const value = (): void => {
    skip();
    const c = text[i];
    if (c === '{') {
      i++;
      skip();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        skip();
        string();
        skip();
        expect(':');
        value();
        skip();
        if (text[i] === ',') i++;
        else return expect('}');
      }
    }
    if (c === '[') {
      i++;
      skip();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        skip();
        if (text[i] === ',') i++;
        else return expect(']');
      }
    }
    if (c === '"') return string();
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    }
    match(NUMBER);
  };
  try {
    value();
    skip();
    if (i < text.length) fail();
    return -1;
  } catch (err) {
    if (err instanceof Invalid) return err.offset;
    throw err;
  }
}
