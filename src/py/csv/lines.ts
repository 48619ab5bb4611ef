/**
 * Physical lines as Python iterates `io.StringIO`, which decides where the csv
 * reader's records may end.
 */

/** Lines with their terminators, as iterating `io.StringIO(text, newline='')` gives them: `\r`, `\n` and `\r\n` all end one. */
export function universalLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      lines.push(text.slice(start, i + 1));
      start = i + 1;
    }
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}

/** Lines with their terminators, as iterating `io.StringIO(text)` gives them: only `\n` ends one. */
export function newlineLines(text: string): string[] {
  const lines = text.split(/(?<=\n)/);
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * The `newlines` attribute of `io.StringIO(text, newline='')`: the one line
 * ending the text uses, or the csv default `\r\n` when it has none or mixes them.
 */
export function lineEndingOf(text: string): string {
  const seen = new Set<string>();
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\r' && text[i + 1] === '\n') {
      seen.add('\r\n');
      i++;
    } else if (c === '\r' || c === '\n') {
      seen.add(c);
    }
  }
  return seen.size === 1 ? [...seen][0]! : '\r\n';
}
