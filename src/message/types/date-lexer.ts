/**
 * The lexer of `dateutil.parser`: runs of letters, runs of digits, and single
 * other characters (any whitespace becomes one `' '` token). A `.` or `,`
 * between digits stays inside a number ("10.5", "10,5" → "10.5"); in mixed or
 * multi-dot runs ("Sep.20.2009") the dots become tokens of their own.
 */
import { asciiDigits, isPyWhitespace } from './py.ts';

/** Python `str.isdigit()`: decimal digits plus superscripts, circled digits and the like. */
const PY_DIGIT =
  /[\p{Nd}\u{B2}-\u{B3}\u{B9}\u{1369}-\u{1371}\u{19DA}\u{2070}\u{2074}-\u{2079}\u{2080}-\u{2089}\u{2460}-\u{2468}\u{2474}-\u{247C}\u{2488}-\u{2490}\u{24EA}\u{24F5}-\u{24FD}\u{24FF}\u{2776}-\u{277E}\u{2780}-\u{2788}\u{278A}-\u{2792}\u{10A40}-\u{10A43}\u{10E60}-\u{10E68}\u{11052}-\u{1105A}\u{1F100}-\u{1F10A}]/u;
export const PY_DIGITS = new RegExp(`^${PY_DIGIT.source}+$`, 'u');
const LETTER = /\p{L}/u;
const SPLIT_DECIMAL = /([.,])/;

/** Split into dateutil's lexical units; a `.` or `,` between digits stays inside a number. */
export function tokenize(text: string): string[] {
  const chars = Array.from(asciiDigits(text)).filter((c) => c !== '\0');
  const isNum = (c: string) => PY_DIGIT.test(c);
  const isWord = (c: string) => LETTER.test(c);
  const tokens: string[] = [];
  let i = 0;
  while (i < chars.length) {
    const first = chars[i++]!;
    let state: 'a' | '0' | 'a.' | '0.';
    if (isWord(first)) state = 'a';
    else if (isNum(first)) state = '0';
    else {
      tokens.push(isPyWhitespace(first.charCodeAt(0)) ? ' ' : first);
      continue;
    }
    let token = first;
    let seenLetters = false;
    for (; i < chars.length; i++) {
      const c = chars[i]!;
      if (state === 'a') {
        seenLetters = true;
        if (isWord(c)) token += c;
        else if (c === '.') {
          token += c;
          state = 'a.';
        } else break;
      } else if (state === '0') {
        if (isNum(c)) token += c;
        else if (c === '.' || (c === ',' && token.length >= 2)) {
          token += c;
          state = '0.';
        } else break;
      } else if (state === 'a.') {
        seenLetters = true;
        if (c === '.' || isWord(c)) token += c;
        else if (isNum(c) && token.endsWith('.')) {
          token += c;
          state = '0.';
        } else break;
      } else {
        if (c === '.' || isNum(c)) token += c;
        else if (isWord(c) && token.endsWith('.')) {
          token += c;
          state = 'a.';
        } else break;
      }
    }
    let rest: string[] = [];
    if ((state === 'a.' || state === '0.') && (seenLetters || token.split('.').length > 2 || token.endsWith('.') || token.endsWith(','))) {
      const pieces = token.split(SPLIT_DECIMAL);
      token = pieces[0]!;
      rest = pieces.slice(1).filter((p) => p !== '');
    }
    if (state === '0.' && !token.includes('.')) token = token.replaceAll(',', '.');
    tokens.push(token, ...rest);
  }
  return tokens;
}
