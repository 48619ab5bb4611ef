/**
 * `intelmqctl run <bot-id> [--loglevel L] [console [type] | message get|pop|send [msg] | process [-s] [-d] [-m MSG]]`:
 * run a bot in the foreground for debugging. A background instance is
 * stopped first and started again afterwards, as upstream.
 */
import { Option, type Command } from 'commander';
import type { CtlContext } from '../context.ts';
import { UsageError } from '../errors.ts';
import { DEFAULT_STOP_TIMEOUT_SECONDS } from '../managers/select.ts';
import { MSG } from '../messages.ts';
import type { Host } from '../program.ts';
import { readPidFile, removeRunFile, writePidFile } from '../run-files.ts';
import { resolveTarget, type BotTarget } from '../targets.ts';
import { DEFAULT_READY_TIMEOUT_SECONDS, managerFor, printResults } from './shared.ts';

interface RunFlags {
  readonly loglevel?: string;
  readonly showSent?: boolean;
  readonly dryrun?: boolean;
  readonly msg?: string;
}

const TIMING = { readyTimeoutMs: DEFAULT_READY_TIMEOUT_SECONDS * 1000, stopTimeoutMs: DEFAULT_STOP_TIMEOUT_SECONDS * 1000 };

async function debugRun(ctx: CtlContext, target: BotTarget, words: string[], flags: RunFlags): Promise<number> {
  const [sub, ...rest] = words;
  if (sub === undefined) {
    const { runBot } = await import('../../runtime/bot-process.ts');
    const env = { ...ctx.env, ...(flags.loglevel ? { INTELMQ_LOGGING_LEVEL: flags.loglevel } : {}) };
    const code = await runBot(target.id, { foreground: true, env });
    if (code !== 0) ctx.out.print(`Bot exited with code ${code}.`);
    return code;
  }
  const { loadStandalone } = await import('../run/standalone.ts');
  const bot = await loadStandalone(ctx, target.id, flags.loglevel ?? (sub === 'console' ? 'DEBUG' : String(target.params.logging_level ?? 'INFO')));
  try {
    switch (sub) {
      case 'console': {
        const { openConsole } = await import('../run/console.ts');
        return await openConsole(ctx, bot, rest[0]);
      }
      case 'message': {
        const { messageGet, messageSend } = await import('../run/messages.ts');
        if (rest[0] === 'get' || rest[0] === 'pop') return await messageGet(ctx, bot, rest[0] === 'pop');
        if (rest[0] === 'send') return await messageSend(ctx, bot, rest[1]);
        throw new UsageError("argument message_action_kind: invalid choice (choose from 'get', 'pop', 'send')");
      }
      case 'process': {
        const { processOnce } = await import('../run/messages.ts');
        return await processOnce(ctx, bot, { ...(flags.msg !== undefined ? { msg: flags.msg } : {}), dryrun: Boolean(flags.dryrun), showSent: Boolean(flags.showSent) });
      }
      default:
        throw new UsageError(`invalid choice: '${sub}' (choose from 'console', 'message', 'process')`);
    }
  } finally {
    await bot.close();
  }
}

async function run(ctx: CtlContext, id: string, words: string[], flags: RunFlags): Promise<number> {
  const target = resolveTarget(ctx, id, false);
  const manager = await managerFor(ctx, TIMING);
  const { stopBots } = await import('../lifecycle/stop.ts');
  const { continuousStatus } = await import('../lifecycle/status.ts');
  let relaunch = false;
  try {
    if (target.runMode === 'continuous' && (await continuousStatus(ctx, manager, target)).status === 'running') {
      ctx.out.info(`Main instance of the bot is running in the background and will be stopped; when finished, we try to relaunch it again. You may want to launch: 'intelmqctl stop ${id}' to prevent this message.`);
      const [stopped] = await stopBots(ctx, manager, [target], TIMING);
      printResults(ctx, [stopped!]);
      if (!stopped!.ok) return 1;
      relaunch = true;
    }
    // As upstream: the PID file names intelmqctl itself, whose command line `intelmqctl run <id>` identifies the bot.
    const ownPid = manager.name === 'intelmq';
    if (ownPid) writePidFile(ctx.paths.varRunPath, id, process.pid);
    ctx.out.info(MSG.starting(id));
    let code: number;
    try {
      code = await debugRun(ctx, target, words, flags);
    } finally {
      if (ownPid && readPidFile(ctx.paths.varRunPath, id) === process.pid) removeRunFile(ctx.paths.varRunPath, id, 'pid');
    }
    ctx.out.result(null);
    return code;
  } finally {
    if (relaunch) {
      const { startBots } = await import('../lifecycle/start.ts');
      printResults(ctx, await startBots(ctx, manager, [{ ...target, internal: null }], TIMING));
    }
    await manager.close();
  }
}

export function register(program: Command, host: Host): void {
  program
    .command('run')
    .description('Run a bot in the foreground for debugging: its main loop, a console, one message by hand (message get|pop|send) or one processing step (process).')
    .argument('<bot-id>', 'bot id')
    .argument('[subcommand...]', "console [type] | message get|pop|send [msg] | process")
    .addOption(new Option('-l, --loglevel <level>', 'log level of the run').choices(['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL']))
    .option('-s, --show-sent', 'process: print every message sent')
    .option('-d, --dryrun', 'process: do not send or acknowledge anything')
    .option('-m, --msg <json>', 'process: use this message instead of one from the queue')
    .action(host.wrap(run));
}
