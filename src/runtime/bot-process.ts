/**
 * A bot process: load configuration and parameters, build the bot and its
 * broker connections, run its worker(s), and handle SIGHUP (reload without
 * losing a message), SIGTERM/SIGINT (finish the batch in flight, then stop).
 */
import { join } from 'node:path';
import { resolvePaths, type IntelMQPaths } from '../config/paths.ts';
import { readRuntimeConfig } from '../config/runtime.ts';
import { resolveBotParameters } from '../config/parameters.ts';
import { checkGenericParameter, isGenericParameter } from '../config/global-defaults.ts';
import { BOT_ID_PATTERN } from '../config/bot-id.ts';
import { normalizeDestinationQueues } from '../config/queues.ts';
import { loadHarmonizationFile } from '../config/harmonization-file.ts';
import { loggerFromParameters, type Logger } from '../log/logger.ts';
import { appendDump } from '../log/dump-file.ts';
import { Harmonization, ConfigurationError } from '../message/index.ts';
import { loadBot } from '../bots/registry.ts';
import { checkParameters } from '../bot/params.ts';
import { createContext } from '../bot/context.ts';
import { BotRunner, type DumpRecord } from '../bot/runner.ts';
import type { BotDeclaration } from '../bot/declaration.ts';
import { createBroker } from '../pipeline/factory.ts';
import type { Broker } from '../pipeline/broker.ts';
import { PipelineError } from '../pipeline/errors.ts';
import { setTimeout as sleep } from 'node:timers/promises';
import { Statistics } from './statistics.ts';
import { Worker, type WorkerExit } from './worker.ts';
import { runCollectorLoop } from './collector-loop.ts';
import { clearState, writeState } from './readiness.ts';

export interface RunBotOptions {
  /** Log to the terminal too (intelmqctl run / --foreground). */
  foreground?: boolean;
  env?: NodeJS.ProcessEnv;
}

interface Loaded {
  paths: IntelMQPaths;
  params: Readonly<Record<string, unknown>>;
  declaration: BotDeclaration;
  harmonization: Harmonization;
  logger: Logger;
}

async function load(botId: string, opts: RunBotOptions): Promise<Loaded> {
  const env = opts.env ?? process.env;
  const paths = resolvePaths(env);
  const config = readRuntimeConfig(paths.runtimeFile);
  const resolved = resolveBotParameters(config, botId, env, paths);
  const logger = loggerFromParameters(botId, resolved.values, opts.foreground ?? Boolean(process.stdout.isTTY));
  for (const w of resolved.warnings) logger.warning(w);
  const module = resolved.values['module'];
  if (typeof module !== 'string' || !module) throw new ConfigurationError(paths.runtimeFile, `bot '${botId}': no 'module' configured.`);
  const declaration = await loadBot(module).catch((e: Error) => {
    throw new ConfigurationError(paths.runtimeFile, `bot '${botId}': ${e.message}`);
  });
  // A bot's own default (deduplicator: redis_cache_db 6) beats the generic built-in one, as upstream's class defaults do.
  const input: Record<string, unknown> = { ...resolved.values };
  for (const [key, schema] of Object.entries(declaration.parameters.properties as Record<string, { default?: unknown }>)) {
    if (resolved.sources.get(key) === 'Builtin' && schema.default !== undefined) delete input[key];
  }
  const { params, problems } = checkParameters(declaration.parameters, input);
  for (const [key, value] of Object.entries(params)) {
    if (!isGenericParameter(key) || Object.hasOwn(declaration.parameters.properties, key)) continue;
    const problem = checkGenericParameter(key, value);
    if (problem) problems.push({ key, message: problem });
  }
  if (problems.length) {
    throw new ConfigurationError(paths.runtimeFile, `bot '${botId}': ${problems.map((p) => `parameter '${p.key}' ${p.message}`).join('; ')}`);
  }
  for (const [key, value] of Object.entries(params)) {
    const shown = /password|token/.test(key) ? "'HIDDEN'" : JSON.stringify(value);
    logger.debug(`${resolved.sources.get(key) ?? 'Defaults'} configuration: parameter '${key}' loaded with value ${shown}.`);
  }
  const h = loadHarmonizationFile(paths);
  const harmonization = new Harmonization(h.content as never, h.path);
  return { paths, params: Object.freeze(params), declaration, harmonization, logger };
}

/** Runs a bot until it is stopped; resolves to the process exit code. */
export async function runBot(botId: string, opts: RunBotOptions = {}): Promise<number> {
  if (!BOT_ID_PATTERN.test(botId)) {
    process.stderr.write("Invalid bot id, must match '[^0-9a-zA-Z\\-]+'.\n");
    return 1;
  }
  const stop = new AbortController();
  let reload = false;
  const onStop = () => stop.abort(new Error('stopping'));
  process.on('SIGTERM', onStop);
  process.on('SIGINT', onStop);
  let loaded: Loaded | undefined;
  const onHup = () => {
    reload = true;
    loaded?.logger.info('Received SIGHUP, initializing again later.');
  };
  process.on('SIGHUP', onHup);
  try {
    for (;;) {
      try {
        loaded = await load(botId, opts);
      } catch (e) {
        const msg = e instanceof Error ? e.message : String(e);
        process.stderr.write(`${botId}: ${msg}\n`);
        loaded?.logger.critical(msg);
        return 1;
      }
      const { logger, declaration } = loaded;
      logger.info(`${declaration.name} bot (${declaration.module}) initialized with id ${botId} and intelmq-ts as process ${process.pid}.`);
      logger.info('Bot is starting.');
      reload = false;
      const exit = await runLoaded(botId, loaded, stop.signal, () => reload, opts.foreground ?? Boolean(process.stdout.isTTY));
      if (exit === 'reload') {
        logger.info('Handling SIGHUP, initializing again now.');
        logger.close();
        continue;
      }
      logger.info('Bot stopped.');
      logger.close();
      return exit === 'error-stop' ? 1 : exit === 'crash' ? 1 : 0;
    }
  } finally {
    process.off('SIGTERM', onStop);
    process.off('SIGINT', onStop);
    process.off('SIGHUP', onHup);
    clearState(loaded?.paths.varRunPath ?? resolvePaths(opts.env ?? process.env).varRunPath, botId);
  }
}

/**
 * A broker that is down or busy at start (Redis restarting, the embedded
 * database locked while many bots open it) is a transient condition: wait and
 * retry with backoff, saying so once, instead of exiting.
 */
async function connectWithRetry(broker: Broker, logger: Logger, stop: AbortSignal): Promise<void> {
  let delayMs = 100;
  let told = false;
  for (;;) {
    try {
      await broker.connect();
      if (told) logger.info('Connected to the broker after retrying.');
      return;
    } catch (e) {
      if (!(e instanceof PipelineError) || stop.aborted) throw e;
      if (!told) logger.warning(`${e.message}; retrying with backoff.`);
      told = true;
      await sleep(delayMs, undefined, { signal: stop }).catch(() => undefined);
      delayMs = Math.min(delayMs * 2, 30_000);
    }
  }
}

async function runLoaded(botId: string, l: Loaded, stop: AbortSignal, reloadRequested: () => boolean, foreground: boolean): Promise<WorkerExit | 'crash'> {
  const { params, declaration, logger, paths } = l;
  const threads = Math.max(1, Number(params['instances_threads'] ?? 0) || 1);
  if (threads > 1 && (declaration.kind === 'collector' || declaration.multithreadable === false)) {
    logger.critical(`Multithreading is configured (instances_threads: ${threads}), but the ${declaration.kind} '${declaration.module}' cannot run several workers. Set instances_threads to 0 or 1.`);
    return 'crash';
  }
  const destinations = normalizeDestinationQueues(params['destination_queues'] ?? {});
  const sourceQueue = declaration.kind === 'collector' ? null : String(params['source_queue'] ?? `${botId}-queue`);
  const statsFile = join(paths.varRunPath, `${botId}.stats.json`);
  const stats = new Statistics({ botId, paths: Object.keys(destinations), params, file: statsFile, onDebug: (m) => logger.debug(m) });
  const dumpPath = join(String(params['logging_path'] ?? paths.loggingPath), `${botId}.dump`);
  const dump = async (record: DumpRecord) => {
    logger.info('Dumping message to dump file.');
    await appendDump(dumpPath, {
      bot_id: botId,
      source_queue: sourceQueue ?? '',
      traceback: record.traceback,
      message: record.message,
      ...(record.messageType ? { message_type: record.messageType } : {}),
    });
  };
  const brokers: Broker[] = [];
  const closers: Array<() => Promise<void>> = [];
  try {
    const loops: Array<Promise<WorkerExit>> = [];
    for (let i = 0; i < threads; i++) {
      const name = threads > 1 ? `${botId}.${i}` : botId;
      const wlogger = threads > 1 ? loggerFromParameters(name, params, foreground) : logger;
      const pipelineLogger = (level: string, msg: string) => wlogger.log(level.toUpperCase() as never, msg);
      const ctx = createContext({ botId: name, params, logger: wlogger, harmonization: l.harmonization, paths: { configDir: paths.configDir, varStatePath: paths.varStatePath, loggingPath: (params['logging_path'] as string) ?? null } });
      closers.push(() => ctx.closeCache());
      const instance = await declaration.create(ctx as never);
      const runner = new BotRunner({ declaration, instance, params, logger: wlogger, paths: new Set(Object.keys(destinations)), harmonization: l.harmonization });
      closers.push(() => runner.shutdown());
      const common = { defaultEmbeddedPath: String(params['embedded_pipeline_path'] ?? join(paths.varStatePath, '..', 'pipeline.sqlite3')), worker: i, workers: threads, logger: pipelineLogger as never };
      const destination = Object.keys(destinations).length ? createBroker(params, 'destination', { ...common, queues: params['destination_queues'] }) : null;
      if (destination) {
        await connectWithRetry(destination, wlogger, stop);
        brokers.push(destination);
        wlogger.info(`Connected to destination queues.`);
      } else {
        wlogger.info('No destination queues to load.');
      }
      if (declaration.kind === 'collector') {
        loops.push(runCollectorLoop({ runner, destination, params, logger: wlogger, stats, stop, reloadRequested }));
        continue;
      }
      const source = createBroker(params, 'source', { ...common, queues: sourceQueue });
      wlogger.info(`Loading source pipeline and queue '${sourceQueue}'.`);
      await connectWithRetry(source, wlogger, stop);
      brokers.push(source);
      wlogger.info('Connected to source queue.');
      const worker = new Worker({ runner, source, destination, params, logger: wlogger, stats, destinationQueues: destinations, dump, stop, reloadRequested, forwardVerb: declaration.forwardVerb ?? 'Processed' });
      closers.push(async () => worker.finalCount());
      loops.push(worker.run());
    }
    logger.info('Bot initialization completed.');
    writeState(paths.varRunPath, botId, 'running');
    const exits = await Promise.all(loops);
    writeState(paths.varRunPath, botId, exits.includes('reload') ? 'reloading' : 'stopping');
    return exits.find((e) => e === 'error-stop') ?? exits.find((e) => e === 'reload') ?? exits[0] ?? 'stopped';
  } catch (e) {
    if (e instanceof ConfigurationError) logger.critical(e.message);
    else logger.exception('Bot initialization failed.', e);
    return 'crash';
  } finally {
    for (const close of closers.reverse()) await close().catch((e: Error) => logger.error(`Error during shutdown of bot: ${e.message}.`));
    await stats.close();
    for (const b of brokers) await b.disconnect().catch(() => undefined);
  }
}

