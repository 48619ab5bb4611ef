/**
 * What intelmqdump needs from the installation: the configured queues (queue
 * → bot id, upstream `pipeline_pipes`), the directories holding dump files,
 * and a one-line description of each dump file.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { genericDefaults } from '../config/global-defaults.ts';
import { effectiveParameters, environmentParameters } from '../config/parameters.ts';
import { resolvePaths, type IntelMQPaths } from '../config/paths.ts';
import { readRuntimeConfig, type RuntimeConfig } from '../config/runtime.ts';
import { isDumpLocked, readDump } from '../log/dump-file.ts';

export interface DumpSetup {
  readonly paths: IntelMQPaths;
  readonly config: RuntimeConfig;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Queue name → bot id reading it. */
  readonly pipes: ReadonlyMap<string, string>;
  readonly loggingPaths: readonly string[];
}

export function loadSetup(env: Readonly<Record<string, string | undefined>> = process.env): DumpSetup {
  const paths = resolvePaths(env);
  const config = readRuntimeConfig(paths.runtimeFile);
  const pipes = new Map<string, string>();
  const loggingPaths = new Set<string>();
  const globalPath = { ...genericDefaults(paths), ...config.global, ...environmentParameters(env) }.logging_path;
  if (typeof globalPath === 'string' && globalPath) loggingPaths.add(globalPath);
  for (const id of config.bots.keys()) {
    const params = effectiveParameters(config, id, env, paths);
    const queue = typeof params.source_queue === 'string' && params.source_queue ? params.source_queue : `${id}-queue`;
    pipes.set(queue, id);
    if (typeof params.logging_path === 'string' && params.logging_path) loggingPaths.add(params.logging_path);
  }
  return { paths, config, env, pipes, loggingPaths: [...loggingPaths] };
}

export function botParameters(setup: DumpSetup, id: string): Readonly<Record<string, unknown>> {
  return effectiveParameters(setup.config, id, setup.env, setup.paths);
}

/** `<effective logging_path of the bot>/<bot-id>.dump`. */
export function dumpFileOf(setup: DumpSetup, id: string): string {
  return join(String(botParameters(setup, id).logging_path ?? setup.paths.loggingPath), `${id}.dump`);
}

export interface DumpFileInfo {
  readonly path: string;
  /** File name without `.dump`: the bot id. */
  readonly name: string;
  /** `<n> dumps`, or why the file cannot be used. */
  readonly info: string;
  readonly usable: boolean;
  readonly count: number;
}

export function describeDumpFile(path: string): DumpFileInfo {
  const name = path.slice(path.lastIndexOf('/') + 1).replace(/\.dump$/, '');
  const fail = (info: string): DumpFileInfo => ({ path, name, info, usable: false, count: 0 });
  try {
    if (statSync(path).size === 0) return fail('empty file');
  } catch (err) {
    return fail(`unable to open file: ${(err as Error).message}`);
  }
  if (isDumpLocked(path)) return fail('Dump file is locked.');
  try {
    const count = Object.keys(readDump(path)).length;
    return { path, name, info: `${count} dumps`, usable: true, count };
  } catch (err) {
    return fail(`unable to load JSON: ${(err as Error).message}`);
  }
}

/** All `*.dump` files in the logging paths, sorted by full path. */
export function findDumpFiles(setup: DumpSetup): DumpFileInfo[] {
  const files: string[] = [];
  for (const dir of setup.loggingPaths) {
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) if (name.endsWith('.dump')) files.push(join(dir, name));
  }
  return [...new Set(files)].sort().map(describeDumpFile);
}
