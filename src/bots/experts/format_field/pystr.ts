/** Python `str` methods whose edge cases differ from JavaScript's (empty separators, counts, char sets). */

const WHITESPACE = /^\s+|\s+$/g;

function charSet(chars: string): Set<string> {
  return new Set([...chars]);
}

export function pyStrip(s: string, chars: string | null = null, side: 'both' | 'left' | 'right' = 'both'): string {
  if (chars === null) {
    if (side === 'both') return s.replace(WHITESPACE, '');
    return side === 'left' ? s.trimStart() : s.trimEnd();
  }
  const set = charSet(chars);
  const cps = [...s];
  let start = 0;
  let end = cps.length;
  if (side !== 'right') while (start < end && set.has(cps[start]!)) start++;
  if (side !== 'left') while (end > start && set.has(cps[end - 1]!)) end--;
  return cps.slice(start, end).join('');
}

/** `s.replace(old, new, count)`: count < 0 replaces all; an empty `old` inserts between characters. */
export function pyReplace(s: string, old: string, replacement: string, count = -1): string {
  const limit = count < 0 ? Infinity : count;
  if (old === '') {
    const cps = [...s];
    let out = '';
    let done = 0;
    for (let i = 0; i <= cps.length; i++) {
      if (done < limit) {
        out += replacement;
        done++;
      }
      if (i < cps.length) out += cps[i];
    }
    return out;
  }
  let out = '';
  let from = 0;
  let done = 0;
  while (done < limit) {
    const at = s.indexOf(old, from);
    if (at < 0) break;
    out += s.slice(from, at) + replacement;
    from = at + old.length;
    done++;
  }
  return out + s.slice(from);
}

/** `s.split(sep, maxsplit)`: null splits on runs of whitespace and drops empty ends; '' is an error. */
export function pySplit(s: string, sep: string | null = null, maxsplit = -1): string[] {
  if (sep === '') throw new Error('ValueError: empty separator');
  const limit = maxsplit < 0 ? Infinity : maxsplit;
  const out: string[] = [];
  if (sep === null) {
    let rest = s.replace(/^\s+/, '');
    while (rest && out.length < limit) {
      const m = /\s+/.exec(rest);
      if (!m) break;
      out.push(rest.slice(0, m.index));
      rest = rest.slice(m.index + m[0].length);
    }
    if (rest) out.push(out.length < limit ? rest.replace(/\s+$/, '') : rest);
    return out;
  }
  let from = 0;
  while (out.length < limit) {
    const at = s.indexOf(sep, from);
    if (at < 0) break;
    out.push(s.slice(from, at));
    from = at + sep.length;
  }
  out.push(s.slice(from));
  return out;
}
