/**
 * Python `json.dumps(value, indent=4, sort_keys=True)` output (with the default
 * `ensure_ascii=True`), so that files we write are byte-identical to the ones
 * upstream writes (runtime/state JSON, dump files) and diff cleanly.
 */

const SHORT_ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

/** Python's ensure_ascii escaping: everything outside printable ASCII becomes `\uXXXX`. */
export function pyJsonString(s: string): string {
  // Python escapes every character outside ' '..'~' (so DEL and non-ASCII too).
  return `"${s.replace(/[\\"]|[^ -~]/g, (c) => SHORT_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`;
}

function encode(value: unknown, indent: number, level: number): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return pyJsonString(value);
    case 'number':
      if (Number.isNaN(value)) return 'NaN';
      if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'object':
      break;
    default:
      throw new TypeError(`Object of type ${typeof value} is not JSON serializable`);
  }
  const inner = '\n' + ' '.repeat(indent * (level + 1));
  const outer = '\n' + ' '.repeat(indent * level);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[${inner}${value.map((v) => encode(v, indent, level + 1)).join(`,${inner}`)}${outer}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (entries.length === 0) return '{}';
  return `{${inner}${entries.map(([k, v]) => `${pyJsonString(k)}: ${encode(v, indent, level + 1)}`).join(`,${inner}`)}${outer}}`;
}

/** `json.dumps(value, indent=indent, sort_keys=True)`; no trailing newline. */
export function pyJsonDumps(value: unknown, indent = 4): string {
  return encode(value, indent, 0);
}
