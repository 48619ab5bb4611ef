import { createHash } from 'node:crypto';
import { Harmonization, packagedHarmonization, type CompiledField, type MessageKind } from './harmonization.ts';
import { InvalidArgument, InvalidKey, InvalidValue, KeyExists, KeyNotExists } from './errors.ts';
import { compareCodePoints, pyFloatRepr, pyJsonDumps, pyJsonString, pyJsonValue } from './pyjson.ts';
import { pyRepr } from './pyrepr.ts';
import { PyFloat } from './types/field-type.ts';

const KEY_RE = /^[a-z_][a-z_0-9]+(\.[a-z_0-9]+)*$/;
const HASH_SEPARATOR = Buffer.from([0xc0]);

export interface AddOptions {
  /** Normalise the value with the field type first (default true). */
  sanitize?: boolean;
  /** `undefined`/`null`: an existing key is an error; `false`: keep it; `true`: replace it. */
  overwrite?: boolean | null;
  /** Values that are silently not added. */
  ignore?: readonly unknown[] | string;
  /** Throw InvalidValue (default) or return false on an invalid value. */
  raiseFailure?: boolean;
}

export interface ToDictOptions {
  hierarchical?: boolean;
  withType?: boolean;
  jsondictAsString?: boolean;
}

/** Resolved meaning of a key: a harmonization field, or a sub-key of a JSONDict field such as `extra.foo`. */
interface KeyInfo {
  field: CompiledField;
  subitem: boolean;
}

function isIgnoredValue(v: unknown): boolean {
  return v === null || v === undefined || v === '' || v === '-' || v === 'N/A';
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof PyFloat) && !Buffer.isBuffer(v);
}

const keyCache = new WeakMap<ReadonlyMap<string, CompiledField>, Map<string, KeyInfo | string>>();

/** Resolves and validates a key once per harmonization section; returns the InvalidKey reason otherwise. */
function resolveKey(section: ReadonlyMap<string, CompiledField>, key: string): KeyInfo | string {
  let cache = keyCache.get(section);
  if (!cache) keyCache.set(section, (cache = new Map()));
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  let result: KeyInfo | string;
  const field = section.get(key);
  if (!KEY_RE.test(key)) {
    result = `Does not match regular expression ${KEY_RE.source}`;
  } else if (field) {
    result = { field, subitem: false };
  } else {
    const dot = key.indexOf('.');
    const parent = dot > 0 ? section.get(key.slice(0, dot)) : undefined;
    result = parent?.type.hasSubitems ? { field: parent, subitem: true } : 'This key is not allowed by the harmonization configuration';
  }
  if (cache.size < 10_000) cache.set(key, result);
  return result;
}

/** Python `str()` of a stored value, for the `length` and `regex` constraints. */
function pyStr(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number' && !Number.isInteger(v)) return pyFloatRepr(v);
  return String(v);
}

function constraintFailure(field: CompiledField, value: unknown): string | undefined {
  if (field.length === undefined && !field.regex && !field.iregex) return undefined;
  const text = pyStr(value);
  if (field.length !== undefined && text.length > field.length) {
    const cps = [...text].length;
    if (cps > field.length) return `too long: ${cps} > ${field.length}.`;
  }
  if (field.regex && !field.regex.test(text)) return 'regex did not match.';
  if (field.iregex && !field.iregex.test(text)) return 'regex (case insensitive) did not match.';
  return undefined;
}

/**
 * An IntelMQ message: a flat map of dotted harmonization keys to values, with
 * upstream's add/update/change semantics and wire format.
 */
export abstract class Message {
  abstract readonly kind: MessageKind;
  protected readonly fields = new Map<string, unknown>();
  protected readonly section: ReadonlyMap<string, CompiledField>;
  /** The dict this message was constructed from; dumped with an InvalidValue. */
  private origin: Record<string, unknown> | undefined;

  constructor(readonly harmonization: Harmonization, kind: MessageKind) {
    this.section = harmonization.section(kind);
  }

  get size(): number {
    return this.fields.size;
  }

  keys(): IterableIterator<string> {
    return this.fields.keys();
  }

  entries(): IterableIterator<[string, unknown]> {
    return this.fields.entries();
  }

  /** `key in message`; for a JSONDict field (`extra`) true iff any sub-key exists. */
  has(key: string): boolean {
    if (this.fields.has(key)) return true;
    const info = this.section.get(key);
    if (!info?.type.hasSubitems) return false;
    const prefix = `${key}.`;
    for (const k of this.fields.keys()) if (k.startsWith(prefix)) return true;
    return false;
  }

  /** Stored value; reading a JSONDict field itself gives its sub-keys as a JSON string, as upstream. */
  get(key: string, fallback?: unknown): unknown {
    const v = this.fields.get(key);
    if (v !== undefined) return v;
    if (this.section.get(key)?.type.hasSubitems && this.has(key)) {
      return pyJsonDumps(this.subDict(key));
    }
    return fallback;
  }

  /** Sub-keys of a JSONDict field as an object (`extra.a.b` → `{ "a.b": … }`). */
  subDict(key: string): Record<string, unknown> {
    const prefix = `${key}.`;
    const out: Record<string, unknown> = {};
    for (const [k, v] of this.fields) if (k.startsWith(prefix)) out[k.slice(prefix.length)] = v;
    return out;
  }

  /** Removes a key (for `extra`: every `extra.*`); returns the old value. */
  remove(key: string): unknown {
    const v = this.fields.get(key);
    if (this.fields.delete(key)) return v;
    if (this.section.get(key)?.type.hasSubitems && this.has(key)) {
      const sub = this.subDict(key);
      for (const k of Object.keys(sub)) this.fields.delete(`${key}.${k}`);
      return pyJsonDumps(sub);
    }
    throw new KeyNotExists(key);
  }

  /** Like `remove` but silent when the key is absent. */
  delete(key: string): boolean {
    if (!this.has(key)) return false;
    this.remove(key);
    return true;
  }

  add(key: string, value: unknown, opts: AddOptions = {}): boolean | null {
    const overwrite = opts.overwrite;
    const present = this.has(key);
    if (present) {
      if (overwrite === undefined || overwrite === null) throw new KeyExists(key);
      if (overwrite === false) return false;
    }
    if (isIgnoredValue(value)) {
      if (overwrite === true && present) this.remove(key);
      return null;
    }
    const info = resolveKey(this.section, key);
    if (typeof info === 'string') throw new InvalidKey(key, info);
    const ignore = opts.ignore;
    if (ignore !== undefined) {
      if (typeof ignore === 'string') {
        if (typeof value === 'string' && ignore.includes(value)) return null;
      } else if (!Array.isArray(ignore)) {
        throw new InvalidArgument('ignore', typeof ignore, ['list', 'tuple']);
      } else if (ignore.includes(value)) {
        return null;
      }
    }
    const raiseFailure = opts.raiseFailure ?? true;
    const { field, subitem } = info;
    let v = value;
    if (subitem) {
      // Sub-keys of JSONDict fields take any JSON value unchanged.
      if (Buffer.isBuffer(v)) v = v.toString('utf8');
      else if (v instanceof PyFloat) v = v.value;
      this.fields.set(key, v);
      return true;
    }
    if (field.type.hasSubitems && isPlainObject(v) && (opts.sanitize ?? true)) {
      if (Object.keys(v).length === 0) return this.fail(key, value, raiseFailure, 'is_valid returned False.');
      this.explode(key, v, overwrite === true, true);
      return true;
    }
    if (opts.sanitize ?? true) {
      v = field.type.sanitize(v);
      if (v === null || v === undefined) return this.fail(key, value, raiseFailure);
    }
    if (!field.type.isValid(v)) return this.fail(key, value, raiseFailure, 'is_valid returned False.');
    const reason = constraintFailure(field, v);
    if (reason) return this.fail(key, value, raiseFailure, reason);
    if (field.type.hasSubitems) {
      this.explode(key, JSON.parse(v as string) as Record<string, unknown>, overwrite === true, false);
      return true;
    }
    if (v instanceof PyFloat) v = v.value;
    this.fields.set(key, v);
    return true;
  }

  private fail(key: string, value: unknown, raiseFailure: boolean, reason?: string): false {
    if (!raiseFailure) return false;
    throw new InvalidValue(key, value, reason, this.origin ? pyJsonDumps(this.origin) : undefined);
  }

  /** Stores a JSONDict's members as flat sub-keys; sanitised objects come out key-sorted as upstream's json.dumps(sort_keys) round trip. */
  private explode(key: string, obj: Record<string, unknown>, overwrite: boolean, sorted: boolean): void {
    if (overwrite) for (const k of Object.keys(this.subDict(key))) this.fields.delete(`${key}.${k}`);
    const keys = Object.keys(obj);
    if (sorted) keys.sort(compareCodePoints);
    const keepEmpty = key === 'extra';
    for (const k of keys) {
      const sub = obj[k];
      if (!keepEmpty && (!sub || isIgnoredValue(sub))) continue;
      this.fields.set(`${key}.${k}`, sub instanceof PyFloat ? sub.value : sub);
    }
  }

  /** Replace an existing key (KeyNotExists if absent). */
  change(key: string, value: unknown, sanitize = true): boolean | null {
    if (!this.has(key)) throw new KeyNotExists(key);
    return this.add(key, value, { overwrite: true, sanitize });
  }

  /** Upstream's `update(dict)`: keep a valid value as is, sanitise otherwise. */
  update(values: Record<string, unknown>): void {
    for (const [k, v] of Object.entries(values)) {
      if (this.add(k, v, { sanitize: false, overwrite: true, raiseFailure: false }) === false) {
        this.add(k, v, { sanitize: true, overwrite: true });
      }
    }
  }

  /** Would `add` accept the value? Invalid keys still throw, as upstream. */
  isValid(key: string, value: unknown, sanitize = true): boolean {
    if (isIgnoredValue(value)) return false;
    const info = resolveKey(this.section, key);
    if (typeof info === 'string') throw new InvalidKey(key, info);
    if (info.subitem) return true;
    let v = value;
    if (sanitize) {
      if (info.field.type.hasSubitems && isPlainObject(v)) return Object.keys(v).length > 0;
      v = info.field.type.sanitize(v);
      if (v === null || v === undefined) return false;
    }
    return info.field.type.isValid(v) && constraintFailure(info.field, v) === undefined;
  }

  /** Pairs whose key starts with `prefix`. */
  *finditems(prefix: string): IterableIterator<[string, unknown]> {
    for (const e of this.fields) if (e[0].startsWith(prefix)) yield e;
  }

  /** Construction from a dict (wire or code): keep valid values, sanitise the rest. */
  protected fill(dict: Record<string, unknown>): this {
    this.origin = dict;
    try {
      for (const key of Object.keys(dict)) {
        if (key === '__type') continue;
        const v = dict[key];
        if (this.add(key, v, { sanitize: false, raiseFailure: false }) === false) this.add(key, v, { sanitize: true });
      }
    } finally {
      this.origin = undefined;
    }
    return this;
  }

  protected abstract create(): this;

  /** Shallow copy: same class and harmonization, values shared. */
  copy(): this {
    const out = this.create();
    for (const [k, v] of this.fields) out.fields.set(k, v);
    return out;
  }

  deepCopy(): this {
    const out = this.create();
    for (const [k, v] of this.fields) out.fields.set(k, typeof v === 'object' && v !== null ? structuredClone(v) : v);
    return out;
  }

  private isFloatKey(key: string): boolean {
    return this.section.get(key)?.type.isFloat === true;
  }

  /** The wire format: flat, insertion order, `__type` last, Python json.dumps defaults. */
  serialize(): string {
    let out = '{';
    for (const [k, v] of this.fields) {
      out += pyJsonString(k, true);
      out += ': ';
      out += typeof v === 'number' && this.isFloatKey(k) ? pyFloatRepr(v) : pyJsonValue(v, WIRE);
      out += ', ';
    }
    return `${out}"__type": "${this.kind}"}`;
  }

  toDict(opts: ToDictOptions = {}): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    let extraAsString: Record<string, unknown> | undefined;
    for (const [k, v0] of this.fields) {
      const v = typeof v0 === 'number' && this.isFloatKey(k) ? new PyFloat(v0) : v0;
      if (opts.jsondictAsString) {
        const dot = k.indexOf('.');
        if (dot > 0 && this.section.get(k.slice(0, dot))?.type.hasSubitems && !this.section.has(k)) {
          extraAsString ??= {};
          extraAsString[k.slice(dot + 1)] = v;
          continue;
        }
      }
      if (opts.hierarchical) setNested(out, k, v);
      else out[k] = v;
    }
    if (extraAsString) out['extra'] = pyJsonDumps(extraAsString, { ensureAscii: false });
    if (opts.withType) out['__type'] = this.kind;
    return out;
  }

  /** What output bots write: keys sorted recursively, UTF-8, Python separators. */
  toJson(opts: ToDictOptions = {}): string {
    return pyJsonValue(this.toDict({ hierarchical: opts.hierarchical, withType: opts.withType }), FILE);
  }

  /** SHA-256 over sorted `key 0xC0 repr(value) 0xC0`, as upstream (time.observation never counts). */
  hash(filterKeys: Iterable<string> = [], filterType: 'blacklist' | 'whitelist' = 'blacklist'): string {
    if (filterType !== 'whitelist' && filterType !== 'blacklist') {
      throw new InvalidArgument('filter_type', filterType, ['whitelist', 'blacklist']);
    }
    const keys = filterKeys instanceof Set ? (filterKeys as Set<string>) : new Set(filterKeys);
    const whitelist = filterType === 'whitelist';
    const h = createHash('sha256');
    for (const k of [...this.fields.keys()].sort(compareCodePoints)) {
      if (k === 'time.observation') continue;
      if (whitelist ? !keys.has(k) : keys.has(k)) continue;
      h.update(k, 'utf8');
      h.update(HASH_SEPARATOR);
      h.update(pyRepr(this.fields.get(k), this.isFloatKey(k)), 'utf8');
      h.update(HASH_SEPARATOR);
    }
    return h.digest('hex');
  }

  equals(other: Message): boolean {
    if (other.kind !== this.kind || other.size !== this.size) return false;
    for (const [k, v] of this.fields) {
      if (!other.fields.has(k) || JSON.stringify(other.fields.get(k)) !== JSON.stringify(v)) return false;
    }
    return true;
  }

  toString(): string {
    return this.serialize();
  }
}

const WIRE = { ensureAscii: true, sortKeys: false } as const;
const FILE = { ensureAscii: false, sortKeys: true } as const;

function setNested(out: Record<string, unknown>, key: string, value: unknown): void {
  const parts = key.split('.');
  let node = out;
  for (let i = 0; i < parts.length - 1; i++) {
    const p = parts[i]!;
    let next = node[p];
    if (!isPlainObject(next)) node[p] = next = {};
    node = next as Record<string, unknown>;
  }
  node[parts[parts.length - 1]!] = value;
}

export class Event extends Message {
  readonly kind = 'Event' as const;

  constructor(harmonization: Harmonization = packagedHarmonization(), init?: Record<string, unknown>) {
    super(harmonization, 'Event');
    if (init) this.fill(init);
  }

  protected create(): this {
    return new Event(this.harmonization) as this;
  }

  /** What a parser's `new_event(report)` carries over from the report. */
  static fromReport(report: Report, copyFields: readonly string[] = []): Event {
    const init: Record<string, unknown> = {};
    for (const k of REPORT_TO_EVENT_FIELDS) {
      const v = report.get(k);
      if (v !== undefined) init[k] = v;
    }
    for (const k of copyFields) {
      const v = report.get(k);
      if (v !== undefined) init[k] = v;
    }
    return new Event(report.harmonization, init);
  }
}

const REPORT_TO_EVENT_FIELDS = [
  'feed.accuracy', 'feed.code', 'feed.documentation', 'feed.name', 'feed.provider', 'feed.url', 'rtir_id', 'time.observation',
] as const;

export class Report extends Message {
  readonly kind = 'Report' as const;

  constructor(harmonization: Harmonization = packagedHarmonization(), init?: Record<string, unknown>) {
    super(harmonization, 'Report');
    if (init) this.fill(init);
  }

  protected create(): this {
    return new Report(this.harmonization) as this;
  }

  /** A collector's new report: stamped with the collection time. */
  static create(harmonization?: Harmonization): Report {
    const r = new Report(harmonization);
    r.add('time.observation', utcNowSeconds(), { sanitize: false });
    return r;
  }

  /** intelmqdump re-injecting an Event into a parser queue: keep what a Report allows. */
  static fromEvent(event: Event): Report {
    const r = new Report(event.harmonization);
    for (const [k, v] of event.entries()) {
      if (r.section.has(k) || (k.startsWith('extra.') && r.section.get('extra'))) r.fields.set(k, v);
    }
    if (!r.has('time.observation')) r.add('time.observation', utcNowSeconds(), { sanitize: false });
    return r;
  }
}

/** Current UTC time as IntelMQ writes it: seconds precision, `+00:00`. */
export function utcNowSeconds(): string {
  return `${new Date().toISOString().slice(0, 19)}+00:00`;
}
