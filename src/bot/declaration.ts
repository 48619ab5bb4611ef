/**
 * A bot is a declaration plus functions: its upstream module name, its kind,
 * its parameter schema (the one source for defaults, validation, configtest,
 * docs and forms) and a `create` function returning the instance that does
 * the work. The runtime owns everything else (queues, retries, dumps, logs).
 */
import type { Static, TObject } from '@sinclair/typebox';
import type { Event, Harmonization, Message, Report } from '../message/index.ts';
import type { ParseState } from './parse-state.ts';

export type BotKind = 'collector' | 'parser' | 'expert' | 'output';

export type LogLevel = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';

export interface BotLogger {
  debug(msg: string): void;
  info(msg: string): void;
  warning(msg: string): void;
  error(msg: string): void;
  critical(msg: string): void;
}

/** Key-value cache with TTL: Redis when `redis_cache_*` points at one, else the embedded store. */
export interface BotCache {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlSeconds?: number | null): Promise<void>;
  exists(key: string): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Values of many keys in one round trip (null where unset or expired). */
  getMany(keys: readonly string[]): Promise<Array<string | null>>;
  /** Sets many keys in one round trip or transaction. */
  setMany(keys: readonly string[], value: string, ttlSeconds?: number | null): Promise<void>;
  close(): Promise<void>;
}

export interface Diagnostic {
  level: 'debug' | 'info' | 'warning' | 'error' | 'critical';
  message: string;
}

export interface BotContext<P> {
  readonly botId: string;
  /** Validated, coerced, frozen: generic parameters plus the bot's own. */
  readonly params: Readonly<P> & Readonly<Record<string, unknown>>;
  readonly logger: BotLogger;
  readonly harmonization: Harmonization;
  /** `var/lib/bots/` and friends, for bots that keep files. */
  readonly paths: { readonly configDir: string; readonly varStatePath: string; readonly loggingPath: string | null };
  newEvent(report?: Report): Event;
  newReport(): Report;
  /** Opens the bot's cache (per `redis_cache_*` parameters); shared for the bot's life. */
  cache(): Promise<BotCache>;
}

/**
 * Sends a message on a path (`_default` unless given). Collectors pass
 * `autoAdd: false` for reports that already carry their feed.* fields
 * (upstream's `auto_add`).
 */
export type Emit = (message: Message, path?: string, pathPermissive?: boolean, autoAdd?: boolean) => void;

export interface Lifecycle {
  /** Release connections and files; called on stop and before a reload. */
  shutdown?(): void | Promise<void>;
}

export interface CollectorInstance extends Lifecycle {
  /**
   * One collection run; every report goes through `emit`. May return a
   * function the runtime calls once the reports are durably enqueued (e.g. to
   * delete the source file), so a crash in between loses nothing.
   */
  collect(emit: Emit): Promise<void | (() => void | Promise<void>)>;
}

export type ParsedEvents = Event | Iterable<Event | null | undefined> | null | undefined;

export interface ParserInstance<L = unknown> extends Lifecycle {
  /** Splits a report into lines/records. */
  parse(report: Report, state: ParseState): Iterable<L> | AsyncIterable<L>;
  /** Maps one record to events; throwing dumps that record and goes on. */
  parseLine(line: L, report: Report, state: ParseState): ParsedEvents | Promise<ParsedEvents>;
  /** Text of a failed record for the dump, e.g. the CSV header plus the line. */
  recoverLine(line: L, state: ParseState): string;
}

export interface ExpertInstance extends Lifecycle {
  process(event: Event, emit: Emit): void | Promise<void>;
  /**
   * Sees a batch's events before `process` gets them one by one, to look them
   * all up in one round trip. `process` must not depend on it: retries and
   * single messages come without.
   */
  prepareBatch?(events: readonly Event[]): Promise<void>;
  /**
   * Called when the messages processed since the last call are settled:
   * `committed` true once their outputs are durably enqueued and their input
   * acknowledged, false when they went back to the queue. State that must
   * not run ahead of the pipeline (the deduplicator's "seen" marks) is
   * written here: written before, a crash would make the re-delivered
   * messages look like repeats, and they would be lost.
   */
  batchEnded?(committed: boolean): Promise<void>;
}

export interface OutputInstance extends Lifecycle {
  process(event: Event, emit: Emit): void | Promise<void>;
  /** Many events at once (one INSERT, one write); resolves once the target confirmed all. */
  processBatch?(events: Event[]): Promise<void>;
}

interface DeclarationBase<S extends TObject> {
  /** Upstream module name used in runtime.yaml, e.g. `intelmq.bots.experts.taxonomy.expert`. */
  readonly module: string;
  readonly aliases?: readonly string[];
  /** Display name, as in upstream's bot list. */
  readonly name: string;
  readonly description: string;
  readonly parameters: S;
  /** Whether `instances_threads > 1` may run several workers of it. */
  readonly multithreadable?: boolean;
  /** Verb of the "… messages since last logging" line; upstream uses `Forwarded` for filtering bots. */
  readonly forwardVerb?: 'Processed' | 'Forwarded';
  /** Static checks for `intelmqctl check`, without `create`. */
  check?(params: Static<S> & Record<string, unknown>): Diagnostic[];
}

export interface CollectorDeclaration<S extends TObject = TObject> extends DeclarationBase<S> {
  readonly kind: 'collector';
  create(ctx: BotContext<Static<S>>): CollectorInstance | Promise<CollectorInstance>;
}

export interface ParserDeclaration<S extends TObject = TObject> extends DeclarationBase<S> {
  readonly kind: 'parser';
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  create(ctx: BotContext<Static<S>>): ParserInstance<any> | Promise<ParserInstance<any>>;
}

export interface ExpertDeclaration<S extends TObject = TObject> extends DeclarationBase<S> {
  readonly kind: 'expert';
  create(ctx: BotContext<Static<S>>): ExpertInstance | Promise<ExpertInstance>;
}

export interface OutputDeclaration<S extends TObject = TObject> extends DeclarationBase<S> {
  readonly kind: 'output';
  create(ctx: BotContext<Static<S>>): OutputInstance | Promise<OutputInstance>;
}

export type BotDeclaration = CollectorDeclaration<TObject> | ParserDeclaration<TObject> | ExpertDeclaration<TObject> | OutputDeclaration<TObject>;

export function defineCollector<S extends TObject>(d: Omit<CollectorDeclaration<S>, 'kind'>): CollectorDeclaration<S> {
  return Object.freeze({ ...d, kind: 'collector' as const });
}
export function defineParser<S extends TObject>(d: Omit<ParserDeclaration<S>, 'kind'>): ParserDeclaration<S> {
  return Object.freeze({ ...d, kind: 'parser' as const });
}
export function defineExpert<S extends TObject>(d: Omit<ExpertDeclaration<S>, 'kind'>): ExpertDeclaration<S> {
  return Object.freeze({ ...d, kind: 'expert' as const });
}
export function defineOutput<S extends TObject>(d: Omit<OutputDeclaration<S>, 'kind'>): OutputDeclaration<S> {
  return Object.freeze({ ...d, kind: 'output' as const });
}
