/**
 * The subset of Python's `str.format` that IntelMQ parameters use:
 * `{name[key]}` (the key is taken literally, dots included, as Python does),
 * `{name}`, an optional `:spec` (handed to the resolver) and `{{`/`}}`.
 * Upstream formats URLs with `{time[%Y-%m-%d]}` and mail headers or routing
 * keys with `{ev[source.ip]}`.
 */

/** Returns the text for one replacement field; throws (like Python's KeyError) for an unknown one. */
export type FieldResolver = (name: string, key: string | null, spec: string | null) => string;

export class FormatError extends Error {
  override name = 'FormatError';
}

export function pyFormat(template: string, resolve: FieldResolver): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const c = template[i]!;
    if (c === '}') {
      if (template[i + 1] !== '}') throw new FormatError(`Single '}' encountered in format string ${JSON.stringify(template)}.`);
      out += '}';
      i += 2;
      continue;
    }
    if (c !== '{') {
      out += c;
      i++;
      continue;
    }
    if (template[i + 1] === '{') {
      out += '{';
      i += 2;
      continue;
    }
    const end = fieldEnd(template, i + 1);
    out += resolveField(template.slice(i + 1, end), resolve, template);
    i = end + 1;
  }
  return out;
}

/** Index of the `}` closing a field that starts at `from`; brackets may contain `}` characters of a key. */
function fieldEnd(template: string, from: number): number {
  let inBracket = false;
  for (let j = from; j < template.length; j++) {
    const c = template[j];
    if (inBracket) {
      if (c === ']') inBracket = false;
    } else if (c === '[') {
      inBracket = true;
    } else if (c === '}') {
      return j;
    }
  }
  throw new FormatError(`Single '{' encountered in format string ${JSON.stringify(template)}.`);
}

function resolveField(field: string, resolve: FieldResolver, template: string): string {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:\[([^\]]*)\])?(?::(.*))?$/s.exec(field);
  if (!m) throw new FormatError(`Unsupported replacement field {${field}} in ${JSON.stringify(template)}.`);
  return resolve(m[1]!, m[2] ?? null, m[3] ?? null);
}
