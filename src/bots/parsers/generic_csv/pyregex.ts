/**
 * `column_regex_search` patterns are Python `re` syntax. The common subset is
 * the same in JavaScript; this rewrites the parts that differ so a pattern
 * written for IntelMQ keeps its meaning: `(?P<name>…)`, `(?P=name)`, leading
 * inline flags, `\A`, `\Z`, and `$` (which in Python also matches before a
 * final newline). Classes such as `\d` stay ASCII as in JavaScript.
 */

const FLAG_MAP: Readonly<Record<string, string>> = { i: 'i', m: 'm', s: 's', a: '', u: '', L: '' };

export function compilePythonRegex(pattern: string): RegExp {
  let flags = '';
  let src = pattern;
  const lead = /^\(\?([aiLmsux]+)\)/u.exec(src);
  if (lead) {
    for (const f of lead[1]!) {
      if (f === 'x') throw new SyntaxError(`verbose regular expressions are not supported: ${pattern}`);
      flags += FLAG_MAP[f] ?? '';
    }
    src = src.slice(lead[0].length);
  }
  const multiline = flags.includes('m');
  let out = '';
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\\') {
      const next = src[i + 1] ?? '';
      i++;
      if (!inClass && next === 'A') out += '(?<![\\s\\S])';
      else if (!inClass && next === 'Z') out += '(?![\\s\\S])';
      else out += c + next;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      // A leading `]` (or `^]`) is a literal member in both dialects.
      if (src[i + 1] === '^') out += src[++i];
      if (src[i + 1] === ']') out += `\\${src[++i]}`;
      continue;
    }
    if (c === '$' && !multiline) {
      out += '(?=\\n?(?![\\s\\S]))';
      continue;
    }
    if (src.startsWith('(?P<', i)) {
      out += '(?<';
      i += 3;
      continue;
    }
    const backref = /^\(\?P=(\w+)\)/u.exec(src.slice(i));
    if (backref) {
      out += `\\k<${backref[1]}>`;
      i += backref[0].length - 1;
      continue;
    }
    out += c;
  }
  return new RegExp(out, [...new Set(flags)].join(''));
}

/** `re.search(pattern, value).group(0)`, or null when nothing matches. */
export function pySearch(regex: RegExp, value: unknown): string | null {
  if (typeof value !== 'string') throw new TypeError('expected string or bytes-like object');
  regex.lastIndex = 0;
  const m = regex.exec(value);
  return m ? m[0] : null;
}
