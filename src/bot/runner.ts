/**
 * Turns one input message into outputs, for every bot kind, without knowing
 * the broker: the process loop (real pipelines) and the conformance harness
 * (in memory) both drive this. Nothing is sent here; outputs are returned so
 * the caller can enqueue them durably before acknowledging the input.
 */
import { inspect } from 'node:util';
import { ConfigurationError, DecodingError, InvalidKey, InvalidValue, type Message, type Report, type Event, unserialize } from '../message/index.ts';
import type { BotDeclaration, BotLogger, CollectorInstance, Emit, ExpertInstance, OutputInstance, ParserInstance, ParsedEvents } from './declaration.ts';
import { newParseState } from './parse-state.ts';

export interface Outgoing {
  path: string;
  message: string;
}

export interface DumpRecord {
  traceback: string | string[];
  message: string;
  messageType?: 'base64';
}

export interface HandleResult {
  outputs: Outgoing[];
  /** Parser lines that failed: dumped, the rest of the report goes on. */
  lineDumps: DumpRecord[];
  /** The whole message failed (retry per error_procedure, then dump). */
  error?: unknown;
  /** Collectors: to call once the outputs are durably enqueued. */
  onCommitted?: () => void | Promise<void>;
  /** What to dump when the retries are exhausted. */
  failed?: DumpRecord;
  /** A parser whose document broke part-way: the events before the break are sent even though the report failed. */
  keepOutputs?: boolean;
  /** Retrying cannot help (undecodable input, harmonization violation). */
  noRetry?: boolean;
}

/**
 * Enqueues a parser's outputs before its report is acknowledged. Upstream
 * sends every event as soon as it is parsed; holding all events of a large
 * report until the end made one 17 MB report cost 600 MiB. A crash before
 * the acknowledgement re-delivers the report and these events come again:
 * duplicates, never loss.
 */
export type Spill = (outputs: Outgoing[]) => Promise<void>;

/** The pipeline failed for good while spilling: not the report's fault, so it must not be dumped. */
export class SpillFailed extends Error {
  constructor(readonly reason: unknown) {
    super(`Enqueueing a part of the report's events failed: ${reason instanceof Error ? reason.message : String(reason)}`);
  }
}

/** Serialized output a parser holds before spilling (UTF-16 code units, roughly bytes). */
const SPILL_AT_CHARS = 4 * 1024 * 1024;

type Instance = CollectorInstance | ParserInstance | ExpertInstance | OutputInstance;

export interface RunnerOptions {
  declaration: BotDeclaration;
  instance: Instance;
  params: Readonly<Record<string, unknown>>;
  logger: BotLogger;
  /** Configured paths; an unknown path is an error unless sent permissively. */
  paths: ReadonlySet<string>;
  harmonization: Message['harmonization'];
}

export function formatTraceback(err: unknown): string[] {
  const text = err instanceof Error ? (err.stack ?? `${err.name}: ${err.message}`) : inspect(err);
  return text.split('\n').map((l) => `${l}\n`);
}

export class BotRunner {
  private readonly defaultFields: Array<[string, unknown]>;

  constructor(private readonly o: RunnerOptions) {
    const df = o.params['default_fields'];
    this.defaultFields = df && typeof df === 'object' ? Object.entries(df as Record<string, unknown>) : [];
  }

  get kind() {
    return this.o.declaration.kind;
  }

  private emitter(outputs: Outgoing[]): Emit {
    return (message: Message, path = '_default', pathPermissive = false) => {
      if (!message || message.size === 0) {
        this.o.logger.warning('Ignoring empty message at sending. Possible bug in bot.');
        return;
      }
      if (!this.o.paths.has(path)) {
        if (pathPermissive) return;
        // As upstream: this message fails (dumped after retries), the bot goes on with the next.
        throw new Error(`Path '${path}' is not configured in destination_queues.`);
      }
      outputs.push({ path, message: message.serialize() });
    };
  }

  /** A collector's run: reports get the feed.* parameters, as CollectorBot.send_message does. */
  async collect(): Promise<HandleResult> {
    const outputs: Outgoing[] = [];
    const send = this.emitter(outputs);
    const p = this.o.params;
    const emit: Emit = (report, path, permissive, autoAdd = true) => {
      if (!report.has('raw')) {
        this.o.logger.warning('Ignoring report without raw field. Possible bug or misconfiguration of this bot.');
        return;
      }
      if (autoAdd) {
        for (const [key, param] of FEED_PARAMS) {
          if (p[param]) report.add(key, p[param]);
        }
      }
      send(report, path, permissive);
    };
    try {
      const onCommitted = await (this.o.instance as CollectorInstance).collect(emit);
      return { outputs, lineDumps: [], ...(onCommitted ? { onCommitted } : {}) };
    } catch (error) {
      return { outputs: [], lineDumps: [], error };
    }
  }

  /** Decodes wire text; failures are reported as a message error that must not be retried. */
  decode(raw: string | Buffer): { message?: Message; result?: HandleResult } {
    let text: string;
    if (Buffer.isBuffer(raw)) {
      text = raw.toString('utf8');
      if (!Buffer.from(text, 'utf8').equals(raw)) {
        const error = new DecodingError(raw);
        return { result: { outputs: [], lineDumps: [], error, noRetry: true, failed: { traceback: formatTraceback(error), message: raw.toString('base64'), messageType: 'base64' } } };
      }
    } else {
      text = raw;
    }
    try {
      const defaultType = this.kind === 'parser' ? 'Report' : 'Event';
      return { message: unserialize(text, this.o.harmonization, defaultType) };
    } catch (error) {
      if (error instanceof InvalidKey) {
        // Every message would fail the same way: the harmonization does not match the data.
        throw new ConfigurationError('harmonization', `${error.message} (in a received message)`);
      }
      const failed: DumpRecord = error instanceof InvalidValue && error.object
        ? { traceback: formatTraceback(error), message: Buffer.from(error.object).toString('base64'), messageType: 'base64' }
        : { traceback: formatTraceback(error), message: text };
      return { result: { outputs: [], lineDumps: [], error, noRetry: error instanceof InvalidValue, failed } };
    }
  }

  /** Processes one received message (wire text or bytes). */
  async handle(raw: string | Buffer, spill?: Spill): Promise<HandleResult> {
    const { message, result } = this.decode(raw);
    if (result) return result;
    return this.handleMessage(message!, spill);
  }

  /** `spill`: parsers hand over their outputs there in parts while parsing; the result holds the rest. */
  async handleMessage(message: Message, spill?: Spill): Promise<HandleResult> {
    const outputs: Outgoing[] = [];
    try {
      if (this.kind === 'parser') return await this.parseReport(message as Report, outputs, spill);
      await (this.o.instance as ExpertInstance).process(message as Event, this.emitter(outputs));
      return { outputs, lineDumps: [] };
    } catch (error) {
      if (error instanceof ConfigurationError || error instanceof SpillFailed) throw error;
      return { outputs: [], lineDumps: [], error, failed: { traceback: formatTraceback(error), message: message.serialize() }, noRetry: error instanceof InvalidValue };
    }
  }

  private async parseReport(report: Report, outputs: Outgoing[], spill: Spill | undefined): Promise<HandleResult> {
    const parser = this.o.instance as ParserInstance;
    const log = this.o.logger;
    if (!report.has('raw')) {
      log.warning('Report without raw field received. Possible bug or misconfiguration in previous bots.');
      return { outputs, lineDumps: [] };
    }
    const send = this.emitter(outputs);
    const state = newParseState();
    const failedLines: Array<{ traceback: string; line: unknown }> = [];
    let sent = 0;
    let held = 0;
    let splitError: unknown;
    try {
      for await (const line of parser.parse(report, state) as AsyncIterable<unknown>) {
        if (!line) continue;
        try {
          const events = collectEvents(await parser.parseLine(line, report, state));
          for (const event of events) {
            for (const [k, v] of this.defaultFields) event.add(k, v, { overwrite: false });
          }
          const before = outputs.length;
          for (const event of events) send(event);
          sent += events.length;
          for (let i = before; i < outputs.length; i++) held += outputs[i]!.message.length;
        } catch (error) {
          if (error instanceof ConfigurationError) throw error;
          log.error(`Failed to parse line.\n${formatTraceback(error).join('')}`);
          failedLines.push({ traceback: formatTraceback(error).join(''), line });
        }
        if (spill && held >= SPILL_AT_CHARS) {
          held = 0;
          await spill(outputs.splice(0)).catch((reason: unknown) => {
            throw new SpillFailed(reason);
          });
        }
      }
    } catch (error) {
      // The document itself broke part-way (bad JSON, truncated HTML): as upstream, what was
      // parsed before stays sent and the whole report is dumped.
      if (error instanceof ConfigurationError || error instanceof SpillFailed) throw error;
      splitError = error;
    }
    const lineDumps: DumpRecord[] = [];
    for (const { traceback, line } of failedLines) {
      const dumpReport = report.copy();
      dumpReport.change('raw', parser.recoverLine(line, state));
      if (this.o.params['error_dump_message'] !== false) lineDumps.push({ traceback, message: dumpReport.serialize() });
      if (this.o.paths.has('_on_error')) outputs.push({ path: '_on_error', message: dumpReport.serialize() });
    }
    log.info(`Sent ${sent} events and found ${failedLines.length} problem(s).`);
    if (splitError !== undefined) {
      return { outputs, lineDumps, error: splitError, keepOutputs: true, failed: { traceback: formatTraceback(splitError), message: report.serialize() } };
    }
    return { outputs, lineDumps };
  }

  /** Whether a batch of decoded messages is worth handing over at once (`handleBatch` or `prepareBatch`). */
  get takesBatches(): boolean {
    if (this.kind === 'output') return (this.o.instance as OutputInstance).processBatch !== undefined;
    return this.kind === 'expert' && (this.o.instance as ExpertInstance).prepareBatch !== undefined;
  }

  /**
   * Lets an expert look up a batch at once before `handleMessage` gets each
   * event. A failure here is not the messages' fault and not fatal: each
   * event then meets the problem in `process`, with the usual retries and dumps.
   */
  async prepareBatch(messages: Message[]): Promise<void> {
    const expert = this.o.instance as ExpertInstance;
    if (this.kind !== 'expert' || !expert.prepareBatch || messages.length < 2) return;
    try {
      await expert.prepareBatch(messages as Event[]);
    } catch (error) {
      this.o.logger.debug(`Batch lookup failed, processing one by one: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /**
   * Tells an expert that the messages it processed since the last call are
   * committed (or went back to the queue). A failure is logged, not fatal:
   * the pipeline's part is already done.
   */
  async batchEnded(committed: boolean): Promise<void> {
    const expert = this.o.instance as ExpertInstance;
    if (this.kind !== 'expert' || !expert.batchEnded) return;
    try {
      await expert.batchEnded(committed);
    } catch (error) {
      this.o.logger.warning(`Could not record the processed batch (${error instanceof Error ? error.message : String(error)}); repeats of these messages may pass.`);
    }
  }

  /** Outputs that write many events at once; falls back to one by one to isolate a bad event. */
  async handleBatch(messages: Message[]): Promise<HandleResult[] | undefined> {
    const out = this.o.instance as OutputInstance;
    if (this.kind !== 'output' || !out.processBatch || messages.length < 2) return undefined;
    try {
      await out.processBatch(messages as Event[]);
      return messages.map(() => ({ outputs: [], lineDumps: [] }));
    } catch {
      const results: HandleResult[] = [];
      for (const m of messages) results.push(await this.handleMessage(m));
      return results;
    }
  }

  async shutdown(): Promise<void> {
    await this.o.instance.shutdown?.();
  }
}

const FEED_PARAMS: ReadonlyArray<[string, string]> = [
  ['feed.name', 'name'],
  ['feed.code', 'code'],
  ['feed.documentation', 'documentation'],
  ['feed.provider', 'provider'],
  ['feed.accuracy', 'accuracy'],
];

function collectEvents(parsed: ParsedEvents): Event[] {
  if (!parsed) return [];
  if (Symbol.iterator in Object(parsed) && !('serialize' in (parsed as object))) {
    return [...(parsed as Iterable<Event | null | undefined>)].filter((e): e is Event => !!e);
  }
  return [parsed as Event];
}
