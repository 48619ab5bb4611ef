/**
 * Python `re` patterns on JavaScript's RegExp. Rule files (sieve, filter,
 * modify) and `column_regex_search` are written for Python, so the constructs
 * that differ are rewritten before compiling: named groups `(?P<n>…)`/`(?P=n)`,
 * `\A`, `\Z`, a leading inline flag group `(?i)`, and `$`, which in Python also
 * matches before a final newline. Classes such as `\d` stay ASCII as in
 * JavaScript.
 */
export class PyRegexError extends Error {
  override name = 'PyRegexError';
}

const FLAG_GROUP = /^\(\?([aiLmsux]+)\)/;

export interface PyRegexOptions {
  ignoreCase?: boolean;
}

/** Compiles a Python pattern; throws PyRegexError (Python's `re.error`) when it is invalid. */
export function compilePyRegex(pattern: string, opts: PyRegexOptions = {}): RegExp {
  let source = pattern;
  const flags = new Set<string>();
  if (opts.ignoreCase) flags.add('i');
  const inline = FLAG_GROUP.exec(source);
  if (inline) {
    source = source.slice(inline[0].length);
    for (const f of inline[1]!) {
      // `a`, `u` and `L` only change what `\w` and friends match; JavaScript's ASCII classes are kept.
      if (f === 'i' || f === 'm' || f === 's') flags.add(f);
      else if (f === 'x') throw new PyRegexError(`verbose patterns ((?x)) are not supported: ${pattern}`);
    }
  }
  const translated = translate(source, flags.has('m'));
  try {
    return new RegExp(translated, [...flags].join(''));
  } catch (e) {
    throw new PyRegexError(`invalid regular expression ${JSON.stringify(pattern)}: ${(e as Error).message}`);
  }
}

function translate(src: string, multiline: boolean): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (ch === '\\') {
      const next = src[i + 1];
      if (next === undefined) throw new PyRegexError(`bad escape (end of pattern): ${src}`);
      if (!inClass && next === 'A') out += '(?<![\\s\\S])';
      else if (!inClass && next === 'Z') out += '(?![\\s\\S])';
      else out += ch + next;
      i++;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      out += ch;
      continue;
    }
    if (ch === '[') {
      inClass = true;
      out += ch;
      // A `]` right after `[` or `[^` is a literal in both dialects; copy it so it does not close the class.
      if (src[i + 1] === '^') out += src[++i];
      if (src[i + 1] === ']') out += `\\${src[++i]}`;
      continue;
    }
    if (ch === '(' && src.startsWith('(?P<', i)) {
      out += '(?<';
      i += 3;
      continue;
    }
    if (ch === '(' && src.startsWith('(?P=', i)) {
      const end = src.indexOf(')', i);
      if (end < 0) throw new PyRegexError(`missing ), unterminated name: ${src}`);
      out += `\\k<${src.slice(i + 4, end)}>`;
      i = end;
      continue;
    }
    if (ch === '$' && !multiline) {
      out += '(?=\\n?(?![\\s\\S]))';
      continue;
    }
    out += ch;
  }
  return out;
}

/** `re.search(pattern, value).group(0)`, or null when nothing matches. */
export function pySearch(regex: RegExp, value: unknown): string | null {
  if (typeof value !== 'string') throw new TypeError('expected string or bytes-like object');
  regex.lastIndex = 0;
  const m = regex.exec(value);
  return m ? m[0] : null;
}
