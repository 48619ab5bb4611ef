/**
 * Makes nunjucks behave like Jinja2 where IntelMQ templates notice: Python's
 * `str()` when printing (`True`, `None`, `[1, 2]`), `True`/`False`/`None`
 * literals, and the common `dict`/`str`/`list` methods (`msg.items()`,
 * `value.upper()`, `', '.join(xs)`). The changes live in a runtime object
 * handed to our templates only; nunjucks' shared runtime stays untouched
 * (nunjucks' own installJinjaCompat patches it globally).
 */
import nunjucks from 'nunjucks';
import { pyRepr } from '../../../message/index.ts';
import { pyReplace, pySplit, pyStrip } from '../format_field/pystr.ts';

type Fn = (...args: never[]) => unknown;
type Runtime = Record<string, unknown> & {
  memberLookup(obj: unknown, key: unknown): unknown;
  contextOrFrameLookup(context: unknown, frame: unknown, name: string): unknown;
  suppressValue(value: unknown, autoescape: boolean): unknown;
};
interface Internals {
  runtime: Runtime;
  compiler: { compile(src: string, asyncFilters: unknown, extensions: unknown, name: string, opts: unknown): string };
}
type RootFn = (env: unknown, context: unknown, frame: unknown, runtime: unknown, cb: unknown) => unknown;

const internals = nunjucks as unknown as Internals;
const base = internals.runtime;

function isMapping(v: unknown): v is Record<string, unknown> {
  return Object.prototype.toString.call(v) === '[object Object]';
}

const STR_METHODS: Readonly<Record<string, (s: string, ...a: never[]) => unknown>> = {
  upper: (s) => s.toUpperCase(),
  lower: (s) => s.toLowerCase(),
  strip: (s, chars?: string | null) => pyStrip(s, chars ?? null),
  lstrip: (s, chars?: string | null) => pyStrip(s, chars ?? null, 'left'),
  rstrip: (s, chars?: string | null) => pyStrip(s, chars ?? null, 'right'),
  startswith: (s, prefix: string) => s.startsWith(prefix),
  endswith: (s, suffix: string) => s.endsWith(suffix),
  split: (s, sep?: string | null, maxsplit?: number) => pySplit(s, sep ?? null, maxsplit ?? -1),
  replace: (s, old: string, replacement: string, count?: number) => pyReplace(s, old, replacement, count ?? -1),
  join: (s, items: unknown[]) => [...items].map(String).join(s),
};

const DICT_METHODS: Readonly<Record<string, (d: Record<string, unknown>, ...a: never[]) => unknown>> = {
  items: (d) => Object.keys(d).map((k) => [k, d[k]]),
  keys: (d) => Object.keys(d),
  values: (d) => Object.keys(d).map((k) => d[k]),
  get: (d, key: string, fallback: unknown = null) => (key in d ? d[key] : fallback),
};

const LIST_METHODS: Readonly<Record<string, (l: unknown[], ...a: never[]) => unknown>> = {
  count: (l, item: unknown) => l.filter((x) => x === item).length,
  index: (l, item: unknown) => {
    const i = l.indexOf(item);
    if (i < 0) throw new Error(`ValueError: ${String(item)} is not in list`);
    return i;
  },
};

function bound<T>(table: Readonly<Record<string, (t: T, ...a: never[]) => unknown>>, target: T, key: string): Fn {
  const method = table[key]!;
  return (...args: never[]) => method(target, ...args);
}

const PYTHONIC_RUNTIME: Runtime = Object.assign(Object.create(base) as Runtime, {
  memberLookup(obj: unknown, key: unknown): unknown {
    if (typeof key === 'string') {
      if (typeof obj === 'string' && Object.hasOwn(STR_METHODS, key)) return bound(STR_METHODS, obj, key);
      if (Array.isArray(obj) && Object.hasOwn(LIST_METHODS, key)) return bound(LIST_METHODS, obj, key);
      if (isMapping(obj) && !(key in obj) && Object.hasOwn(DICT_METHODS, key)) return bound(DICT_METHODS, obj, key);
    }
    return base.memberLookup(obj, key);
  },
  contextOrFrameLookup(context: unknown, frame: unknown, name: string): unknown {
    const value = base.contextOrFrameLookup(context, frame, name);
    if (value !== undefined) return value;
    if (name === 'True') return true;
    if (name === 'False') return false;
    if (name === 'None') return null;
    return undefined;
  },
  suppressValue(value: unknown, autoescape: boolean): unknown {
    if (value === undefined || typeof value === 'string' || value instanceof nunjucks.runtime.SafeString) return base.suppressValue(value, autoescape);
    return base.suppressValue(pyRepr(isMapping(value) ? { ...value } : value), autoescape);
  },
});

/** Jinja2's defaults: line ends normalised to `\n` and one trailing newline dropped. */
function jinjaSource(source: string): string {
  const normalised = source.replace(/\r\n?/g, '\n');
  return normalised.endsWith('\n') ? normalised.slice(0, -1) : normalised;
}

/** Compiles a template whose render functions use the pythonic runtime. */
export function compilePythonic(source: string, env: nunjucks.Environment, name: string): nunjucks.Template {
  const e = env as unknown as { asyncFilters: unknown; extensionsList: unknown; opts: unknown };
  const code = internals.compiler.compile(jinjaSource(source), e.asyncFilters, e.extensionsList, name, e.opts);
  const props = new Function(code)() as Record<string, RootFn>;
  const wrapped: Record<string, RootFn> = {};
  for (const [key, fn] of Object.entries(props)) {
    wrapped[key] = (env2, context, frame, _runtime, cb) => fn(env2, context, frame, PYTHONIC_RUNTIME, cb);
  }
  const Template = nunjucks.Template as unknown as new (src: { type: 'code'; obj: Record<string, RootFn> }, env: nunjucks.Environment, path: string) => nunjucks.Template;
  return new Template({ type: 'code', obj: wrapped }, env, name);
}
