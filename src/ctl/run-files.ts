/**
 * Files intelmqctl and the bots keep in VAR_RUN_PATH, one set per bot id.
 * Every path goes through `runFile`, which refuses ids that are not plain
 * bot ids, so no configuration value can point a write outside var/run.
 */
import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { botIdProblem } from '../config/bot-id.ts';
import { atomicWriteFile } from '../config/write-file.ts';

export type RunFileKind = 'pid' | 'state' | 'stats' | 'output' | 'internal';

const SUFFIX: Readonly<Record<RunFileKind, string>> = {
  pid: '.pid',
  state: '.state',
  stats: '.stats.json',
  output: '.output',
  internal: '.config.json',
};

export function assertBotId(id: string): void {
  const problem = botIdProblem(id);
  if (problem) throw new Error(`Invalid bot id ${JSON.stringify(id)}: ${problem}.`);
}

export function runFile(varRunPath: string, id: string, kind: RunFileKind): string {
  assertBotId(id);
  return join(varRunPath, `${id}${SUFFIX[kind]}`);
}

export function ensureRunDir(varRunPath: string): void {
  mkdirSync(varRunPath, { recursive: true });
}

/** Upstream's PID file: the decimal PID without newline; unparsable content means no PID. */
export function readPidFile(varRunPath: string, id: string): number | null {
  try {
    const text = readFileSync(runFile(varRunPath, id, 'pid'), 'utf8').trim();
    return /^[0-9]+$/.test(text) ? Number(text) : null;
  } catch {
    return null;
  }
}

export function writePidFile(varRunPath: string, id: string, pid: number): void {
  ensureRunDir(varRunPath);
  atomicWriteFile(runFile(varRunPath, id, 'pid'), String(pid));
}

export function removeRunFile(varRunPath: string, id: string, kind: RunFileKind): void {
  rmSync(runFile(varRunPath, id, kind), { force: true });
}

export function readJsonRunFile<T>(varRunPath: string, id: string, kind: RunFileKind): T | null {
  try {
    return JSON.parse(readFileSync(runFile(varRunPath, id, kind), 'utf8')) as T;
  } catch {
    return null;
  }
}

/** Ids that have a file of `kind` in var/run (only well-formed ids). */
export function idsWithRunFile(varRunPath: string, kind: RunFileKind): string[] {
  let names: string[];
  try {
    names = readdirSync(varRunPath);
  } catch {
    return [];
  }
  const suffix = SUFFIX[kind];
  return names
    .filter((n) => n.endsWith(suffix))
    .map((n) => n.slice(0, -suffix.length))
    .filter((id) => botIdProblem(id) === undefined)
    .sort();
}

/** What a bot writes to `<id>.state` (src/runtime/readiness.ts). */
export interface BotStateRecord {
  readonly pid: number;
  readonly bot_id: string;
  readonly state: 'starting' | 'running' | 'reloading' | 'stopping';
  readonly since: string;
  readonly argv: readonly string[];
}

export function readBotState(varRunPath: string, id: string): BotStateRecord | null {
  const record = readJsonRunFile<BotStateRecord>(varRunPath, id, 'state');
  return record && typeof record.pid === 'number' && typeof record.state === 'string' ? record : null;
}

/** What a bot writes to `<id>.stats.json` every 2 s (src/runtime/statistics.ts). */
export interface BotStats {
  readonly pid?: number;
  readonly success: number;
  readonly failure: number;
  readonly total: Readonly<Record<string, number>>;
  readonly paused: boolean;
  readonly updated?: string;
}

export function readBotStats(varRunPath: string, id: string): BotStats | null {
  const stats = readJsonRunFile<BotStats>(varRunPath, id, 'stats');
  return stats && typeof stats.success === 'number' ? stats : null;
}
