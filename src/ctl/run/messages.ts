/** `intelmqctl run <id> message get|pop|send` and `process`: one message by hand, as upstream's bot_debugger. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { pyJsonDumps } from '../../config/py-json.ts';
import { unserialize } from '../../message/index.ts';
import type { Outgoing } from '../../bot/runner.ts';
import type { CtlContext } from '../context.ts';
import { offer } from '../interaction.ts';
import type { Standalone } from './standalone.ts';

const EXAMPLE_MESSAGE = '{"source.network": "178.72.192.0/18", "time.observation": "2017-05-12T05:23:06+00:00"}';

/** Messages are shown as JSON with 4-space indent and sorted keys. */
function pretty(text: string): string {
  try {
    return pyJsonDumps(JSON.parse(text));
  } catch {
    return text;
  }
}

/** The message argument may be JSON or the path of a file holding it. */
function messageText(argument: string): string {
  if (!argument.trimStart().startsWith('{') && existsSync(argument) && statSync(argument).isFile()) return readFileSync(argument, 'utf8');
  return argument;
}

/** Parses a message given on the command line into wire JSON, with the bot's default type. */
function parseCliMessage(bot: Standalone, argument: string): { wire: string } | { error: string } {
  const defaultType = bot.declaration.kind === 'parser' ? 'Report' : 'Event';
  try {
    return { wire: unserialize(messageText(argument), bot.harmonization, defaultType).serialize() };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

export async function messageGet(ctx: CtlContext, bot: Standalone, pop: boolean): Promise<number> {
  if (bot.sourceQueue === null) {
    ctx.out.error('Collector bots have no input queue.');
    return 1;
  }
  const source = await bot.source();
  ctx.out.print(`Waiting for a message to ${pop ? 'pop' : 'get'}...`);
  const message = await source.receive();
  if (pop) await source.acknowledge();
  else await source.reject();
  ctx.out.print(pretty(message));
  return 0;
}

export async function messageSend(ctx: CtlContext, bot: Standalone, argument: string | undefined): Promise<number> {
  if (bot.declaration.kind === 'output') {
    ctx.out.error("Output bots can't send message.");
    return 1;
  }
  if (bot.destinationPaths.length === 0) {
    ctx.out.error('Bot has no destination queues.');
    return 1;
  }
  const parsed = parseCliMessage(bot, argument ?? '');
  if ('error' in parsed) {
    ctx.out.error(`Message can not be parsed from JSON: ${parsed.error}`);
    ctx.out.print(`Example of a valid message: '${EXAMPLE_MESSAGE}'`);
    if (await offer(ctx, 'Do you want to display current harmonization (available fields)?')) {
      const kind = bot.declaration.kind === 'parser' ? 'report' : 'event';
      for (const [key, field] of bot.harmonization[kind]) ctx.out.print(`${key}: ${field.type.name}`);
    }
    return 1;
  }
  await (await bot.destination()).send(parsed.wire, '_default');
  ctx.out.print('Message sent to output pipelines.');
  return 0;
}

export interface ProcessOptions {
  readonly msg?: string;
  readonly dryrun: boolean;
  readonly showSent: boolean;
}

async function deliver(ctx: CtlContext, bot: Standalone, outputs: readonly Outgoing[], options: ProcessOptions): Promise<void> {
  for (const out of outputs) {
    if (options.dryrun) ctx.out.print(`DRYRUN: Message would be sent now to '${out.path}'!`);
    if (options.showSent) ctx.out.print(pretty(out.message));
  }
  if (!options.dryrun && outputs.length) await (await bot.destination()).sendBatch(outputs.map((o) => ({ message: o.message, path: o.path })));
}

/** Runs the bot's processing exactly once, on a queued message or the one given with --msg. */
export async function processOnce(ctx: CtlContext, bot: Standalone, options: ProcessOptions): Promise<number> {
  let given: string | undefined;
  if (options.msg !== undefined) {
    const parsed = parseCliMessage(bot, options.msg);
    if ('error' in parsed) {
      ctx.out.error(`Message can not be parsed from JSON: ${parsed.error}`);
      return 1;
    }
    given = parsed.wire;
    ctx.out.print(' * Message from cli will be used when processing.');
  }
  if (options.dryrun) ctx.out.print(' * Dryrun only, no message will be really sent through.');
  ctx.out.print('Processing...');
  if (bot.declaration.kind === 'collector') {
    const result = await bot.runner.collect();
    if (result.error !== undefined) {
      bot.logger.exception('Bot has found a problem.', result.error);
      return 1;
    }
    await deliver(ctx, bot, result.outputs, options);
    if (!options.dryrun) await result.onCommitted?.();
    return 0;
  }
  const source = given === undefined ? await bot.source() : null;
  const raw = given ?? (await source!.receive());
  const result = await bot.runner.handle(raw);
  for (const d of result.lineDumps) ctx.out.print(`A line failed and would be dumped:\n${typeof d.traceback === 'string' ? d.traceback : d.traceback.join('')}`);
  if (result.error !== undefined) {
    bot.logger.exception('Bot has found a problem.', result.error);
    if (source) await source.reject();
    return 1;
  }
  await deliver(ctx, bot, result.outputs, options);
  if (options.dryrun) {
    ctx.out.print('DRYRUN: Message would be acknowledged now!');
    await source?.reject();
  } else {
    await source?.acknowledge();
  }
  return 0;
}
