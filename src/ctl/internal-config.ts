/**
 * Internal configuration (seed proposal P4): when intelmqctl starts or
 * reloads a bot it keeps a copy of the bot's section and the global section
 * as applied, in `var/run/<id>.config.json`. It tells intelmqctl what is
 * running even after the admin edited or removed the bot in runtime.yaml,
 * so such a bot is still reported and can still be stopped.
 */
import { pyJsonDumps } from '../config/py-json.ts';
import { atomicWriteFile } from '../config/write-file.ts';
import { runtimeConfigFromObject, type BotConfig, type RuntimeConfig } from '../config/runtime.ts';
import { ensureRunDir, idsWithRunFile, readJsonRunFile, removeRunFile, runFile } from './run-files.ts';
import type { ProcessManagerName } from './context.ts';

export interface InternalCopy {
  readonly bot_id: string;
  readonly written: string;
  readonly process_manager: ProcessManagerName;
  readonly run_mode: 'continuous' | 'scheduled';
  readonly section: Readonly<Record<string, unknown>>;
  readonly global: Readonly<Record<string, unknown>>;
}

export function writeInternalCopy(varRunPath: string, bot: BotConfig, global: Readonly<Record<string, unknown>>, manager: ProcessManagerName): void {
  ensureRunDir(varRunPath);
  const copy: InternalCopy = {
    bot_id: bot.id,
    written: new Date().toISOString(),
    process_manager: manager,
    run_mode: bot.runMode,
    section: bot.section,
    global,
  };
  atomicWriteFile(runFile(varRunPath, bot.id, 'internal'), `${pyJsonDumps(copy)}\n`);
}

export function readInternalCopy(varRunPath: string, id: string): InternalCopy | null {
  const copy = readJsonRunFile<InternalCopy>(varRunPath, id, 'internal');
  return copy && copy.bot_id === id && typeof copy.section === 'object' && copy.section !== null ? copy : null;
}

export function removeInternalCopy(varRunPath: string, id: string): void {
  removeRunFile(varRunPath, id, 'internal');
}

export function internalCopyIds(varRunPath: string): string[] {
  return idsWithRunFile(varRunPath, 'internal');
}

/** The copy as a one-bot runtime configuration, for computing the parameters the bot runs with. */
export function internalRuntime(copy: InternalCopy, file: string): RuntimeConfig | null {
  return runtimeConfigFromObject({ global: copy.global, [copy.bot_id]: copy.section }, file).config;
}

/** Whether the admin configuration of a running bot differs from what it was started with. */
export function differsFromAdmin(copy: InternalCopy, bot: BotConfig, global: Readonly<Record<string, unknown>>): boolean {
  return pyJsonDumps(copy.section) !== pyJsonDumps(bot.section) || pyJsonDumps(copy.global) !== pyJsonDumps(global);
}
