/**
 * A bot instance inside intelmqctl for `intelmqctl run` (upstream
 * bot_debugger): parameters, harmonization, logger on the console, the bot's
 * instance and runner, and its broker connections on demand.
 */
import { join } from 'node:path';
import { loadHarmonizationFile } from '../../config/harmonization-file.ts';
import { resolveBotParameters } from '../../config/parameters.ts';
import { normalizeDestinationQueues } from '../../config/queues.ts';
import { createContext } from '../../bot/context.ts';
import type { BotDeclaration } from '../../bot/declaration.ts';
import { checkParameters } from '../../bot/params.ts';
import { BotRunner } from '../../bot/runner.ts';
import { loadBot } from '../../bots/registry.ts';
import { loggerFromParameters, type Logger } from '../../log/logger.ts';
import { Harmonization } from '../../message/index.ts';
import { createBroker } from '../../pipeline/factory.ts';
import type { Broker } from '../../pipeline/broker.ts';
import type { CtlContext } from '../context.ts';
import { CtlError } from '../errors.ts';

export interface Standalone {
  readonly id: string;
  readonly declaration: BotDeclaration;
  readonly params: Readonly<Record<string, unknown>>;
  readonly harmonization: Harmonization;
  readonly logger: Logger;
  readonly instance: unknown;
  readonly runner: BotRunner;
  readonly destinationPaths: readonly string[];
  readonly sourceQueue: string | null;
  source(): Promise<Broker>;
  destination(): Promise<Broker>;
  close(): Promise<void>;
}

export async function loadStandalone(ctx: CtlContext, id: string, loglevel: string): Promise<Standalone> {
  const resolved = resolveBotParameters(ctx.config(), id, ctx.env, ctx.paths);
  const raw: Record<string, unknown> = { ...resolved.values, logging_level: loglevel };
  const logger = loggerFromParameters(id, raw, true);
  const module = raw.module;
  if (typeof module !== 'string' || !module) throw new CtlError(`Bot '${id}' has no module configured.`);
  let declaration: BotDeclaration;
  try {
    declaration = await loadBot(module);
  } catch (err) {
    throw new CtlError(`Bot '${id}': ${(err as Error).message}`);
  }
  const { params, problems } = checkParameters(declaration.parameters, raw);
  if (problems.length) throw new CtlError(`Bot '${id}': ${problems.map((p) => `parameter '${p.key}' ${p.message}`).join('; ')}.`);
  const h = loadHarmonizationFile(ctx.paths);
  const harmonization = new Harmonization(h.content as never, h.path);
  const destinations = normalizeDestinationQueues(params.destination_queues ?? {});
  const botCtx = createContext({
    botId: id,
    params,
    logger,
    harmonization,
    paths: { configDir: ctx.paths.configDir, varStatePath: ctx.paths.varStatePath, loggingPath: typeof params.logging_path === 'string' ? params.logging_path : null },
  });
  const instance = await declaration.create(botCtx as never);
  const runner = new BotRunner({ declaration, instance, params, logger, paths: new Set(Object.keys(destinations)), harmonization });
  const sourceQueue = declaration.kind === 'collector' ? null : String(params.source_queue ?? `${id}-queue`);
  const embedded = String(params.embedded_pipeline_path ?? join(ctx.paths.varStatePath, '..', 'pipeline.sqlite3'));
  const pipelineLogger = (level: string, message: string) => logger.log(level.toUpperCase() as never, message);
  const brokers: Broker[] = [];
  const open = async (direction: 'source' | 'destination', queues: unknown): Promise<Broker> => {
    const broker = createBroker(params, direction, { queues, defaultEmbeddedPath: embedded, logger: pipelineLogger as never });
    await broker.connect();
    brokers.push(broker);
    return broker;
  };
  let source: Promise<Broker> | undefined;
  let destination: Promise<Broker> | undefined;
  return {
    id,
    declaration,
    params,
    harmonization,
    logger,
    instance,
    runner,
    destinationPaths: Object.keys(destinations),
    sourceQueue,
    source: () => (source ??= open('source', sourceQueue)),
    destination: () => (destination ??= open('destination', params.destination_queues)),
    async close() {
      await runner.shutdown().catch(() => undefined);
      await botCtx.closeCache().catch(() => undefined);
      for (const b of brokers) await b.disconnect().catch(() => undefined);
      logger.close();
    },
  };
}
