/**
 * `start --foreground`, `--oneshot` and `--schedule-exec` (seed proposal P7):
 * the bot runs as a child of intelmqctl, which waits for it and exits with
 * its exit code. One-message runs set INTELMQ_RUN_MODE=scheduled, which the
 * bot reads like any INTELMQ_* parameter override.
 */
import { spawn } from 'node:child_process';
import type { CtlContext } from '../context.ts';
import { botArgv } from '../launcher.ts';
import { createManager } from '../managers/select.ts';
import { MSG } from '../messages.ts';
import { readPidFile, removeRunFile, writePidFile } from '../run-files.ts';
import type { BotTarget } from '../targets.ts';
import { continuousStatus, liveInstance } from './status.ts';
import { watchBotProgress } from './progress-watch.ts';

export interface DirectOptions {
  readonly oneshot: boolean;
  readonly foreground: boolean;
  readonly scheduleExec: boolean;
}

function runChild(ctx: CtlContext, target: BotTarget, options: DirectOptions, usesPidFile: boolean): Promise<number> {
  const [command, ...args] = botArgv(target.id, options.foreground);
  const env: NodeJS.ProcessEnv = { ...ctx.env };
  delete env.NOTIFY_SOCKET;
  if (options.oneshot || options.scheduleExec) env.INTELMQ_RUN_MODE = 'scheduled';
  const child = spawn(command!, args, { stdio: options.foreground ? 'inherit' : ['ignore', 'inherit', 'inherit'], env });
  if (usesPidFile && child.pid !== undefined) writePidFile(ctx.paths.varRunPath, target.id, child.pid);
  // The bot's own lines go to the terminal in the foreground; a live counter goes to stderr, and only on a terminal.
  const stopWatching = process.stderr.isTTY && !options.scheduleExec ? watchBotProgress(ctx.paths.varRunPath, target.id) : () => undefined;
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  const handlers = (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((signal) => [signal, forward(signal)] as const);
  for (const [signal, handler] of handlers) process.on(signal, handler);
  return new Promise((resolve) => {
    const finish = (code: number) => {
      stopWatching();
      for (const [signal, handler] of handlers) process.off(signal, handler);
      if (usesPidFile && child.pid !== undefined && readPidFile(ctx.paths.varRunPath, target.id) === child.pid) removeRunFile(ctx.paths.varRunPath, target.id, 'pid');
      resolve(code);
    };
    child.on('error', (err) => {
      ctx.out.error(`Bot ${target.id} FAILED to start because the executable cannot be found. Check your PATH variable and your the installation. (${err.message})`);
      finish(1);
    });
    child.on('exit', (code, signal) => finish(code ?? (signal ? 1 : 0)));
  });
}

export async function runDirect(ctx: CtlContext, target: BotTarget, options: DirectOptions): Promise<number> {
  const manager = await createManager(ctx);
  try {
    if (options.scheduleExec && manager.name === 'systemd') {
      const { SystemdManager } = await import('../managers/systemd.ts');
      if (manager instanceof SystemdManager) return await manager.runScheduled(target.id);
    }
    const busy = target.runMode === 'continuous' ? (await continuousStatus(ctx, manager, target)).status === 'running' : liveInstance(ctx, target.id) !== null;
    if (busy) {
      if (options.scheduleExec) {
        ctx.out.info(`Bot ${target.id} is still running; skipping this scheduled run.`);
        return 0;
      }
      ctx.out.error(`${MSG.running(target.id)} Stop it first ('intelmqctl stop ${target.id}') or debug it with 'intelmqctl run ${target.id}'.`);
      return 1;
    }
    if (!options.scheduleExec) ctx.out.info(MSG.starting(options.oneshot ? `${target.id} for one message` : target.id));
    const code = await runChild(ctx, target, options, manager.name === 'intelmq');
    if (code !== 0) ctx.out.error(`Bot ${target.id} exited with code ${code}.`);
    else if (!options.scheduleExec) ctx.out.info(MSG.stopped(target.id));
    return code;
  } finally {
    await manager.close();
  }
}
