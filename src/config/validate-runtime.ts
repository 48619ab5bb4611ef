/**
 * Findings about the content of runtime.yaml. Messages reuse upstream's
 * `intelmqctl check` wording where upstream has one, so operators recognise them.
 */
import { botIdProblem } from './bot-id.ts';
import { checkScheduleTime } from './cron.ts';
import { DiagnosticCode, type Diagnostic } from './diagnostics.ts';
import { checkGenericParameter, isGenericParameter } from './global-defaults.ts';
import { destinationQueuesProblem, normalizeDestinationQueues } from './queues.ts';

export const SYSTEM_KEYS = ['name', 'group', 'module', 'description', 'enabled', 'run_mode'] as const;
export const IGNORED_BOT_KEYS = ['bot_id', 'groupname'] as const;
export const ALLOWED_BOT_KEYS: ReadonlySet<string> = new Set([...SYSTEM_KEYS, 'parameters', ...IGNORED_BOT_KEYS]);
export const BOT_GROUPS = ['Collector', 'Parser', 'Expert', 'Output'] as const;
export const RUN_MODES = ['continuous', 'scheduled'] as const;

/** Fields whose absence `intelmqctl check` reports. */
const EXPECTED_BOT_KEYS = ['description', 'group', 'module', 'name', 'enabled'] as const;
/** Validated by dedicated rules below instead of the generic schema. */
const SPECIALLY_CHECKED = new Set(['destination_queues', 'source_queue', 'schedule_time', 'run_mode']);

export type Locate = (path: readonly string[]) => { line: number; column: number } | undefined;

export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface Context {
  readonly file: string;
  readonly locate: Locate;
  readonly out: Diagnostic[];
}

/** Position of `path`, else of its nearest existing parent (a missing key is reported at its section). */
function position(ctx: Context, path: readonly string[]): { line: number; column: number } | undefined {
  for (let n = path.length; n > 0; n--) {
    const pos = ctx.locate(path.slice(0, n));
    if (pos) return pos;
  }
  return undefined;
}

function report(ctx: Context, level: Diagnostic['level'], code: Diagnostic['code'], path: readonly string[], message: string, botId?: string, key?: string): void {
  const pos = position(ctx, path);
  ctx.out.push({
    level,
    code,
    file: ctx.file,
    ...(botId !== undefined ? { botId } : {}),
    ...(key !== undefined ? { key } : {}),
    ...(pos ? { line: pos.line, column: pos.column } : {}),
    message,
  });
}

/** Numbers and booleans written as strings (quoted YAML, environment) are wrong but bots usually cope. */
function looseCoerce(value: string): unknown {
  if (/^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (value === 'true' || value === 'True') return true;
  if (value === 'false' || value === 'False') return false;
  return value;
}

function checkParameters(ctx: Context, params: Record<string, unknown>, path: readonly string[], botId?: string): void {
  const where = botId === undefined ? 'global section' : `bot '${botId}'`;
  for (const [key, value] of Object.entries(params)) {
    if (SPECIALLY_CHECKED.has(key) || !isGenericParameter(key)) continue;
    const problem = checkGenericParameter(key, value);
    if (!problem) continue;
    const coerced = typeof value === 'string' ? looseCoerce(value) : value;
    const level = coerced !== value && checkGenericParameter(key, coerced) === undefined ? 'warning' : 'error';
    report(ctx, level, DiagnosticCode.PARAMETER_INVALID, [...path, key], `${problem} (${where})`, botId, key);
  }
  if (params.schedule_time !== undefined && params.schedule_time !== null) {
    const check = checkScheduleTime(params.schedule_time);
    if (!check.valid) report(ctx, 'error', DiagnosticCode.SCHEDULE_TIME_INVALID, [...path, 'schedule_time'], `${check.message} (${where})`, botId, 'schedule_time');
  }
}

export function checkGlobalSection(file: string, locate: Locate, global: unknown): Diagnostic[] {
  const ctx: Context = { file, locate, out: [] };
  if (global === null || global === undefined) return ctx.out;
  if (!isMapping(global)) {
    report(ctx, 'error', DiagnosticCode.NOT_A_MAPPING, ['global'], `The global section must be a mapping of parameter names to values, got ${JSON.stringify(global)}.`, undefined, 'global');
    return ctx.out;
  }
  for (const key of Object.keys(global)) {
    if (!isGenericParameter(key)) {
      report(ctx, 'warning', DiagnosticCode.GLOBAL_KEY_UNKNOWN, ['global', key], `Unknown global parameter '${key}'; it is passed to every bot as is.`, undefined, key);
    }
  }
  checkParameters(ctx, global, ['global']);
  return ctx.out;
}

function checkRunMode(ctx: Context, id: string, path: readonly string[], value: unknown): boolean {
  if (value === undefined || value === null || (RUN_MODES as readonly unknown[]).includes(value)) return true;
  report(ctx, 'error', DiagnosticCode.RUN_MODE_INVALID, path, `Bot '${id}' has invalid \`run_mode\` '${String(value)}'. Must be 'continuous' or 'scheduled'.`, id, 'run_mode');
  return false;
}

export function checkBotSection(file: string, locate: Locate, id: string, section: unknown): Diagnostic[] {
  const ctx: Context = { file, locate, out: [] };
  const idProblem = botIdProblem(id);
  if (idProblem) {
    report(ctx, 'error', DiagnosticCode.BOT_ID_INVALID, [id], `Invalid bot id ${JSON.stringify(id)}: ${idProblem}; the bot is ignored.`, id);
    return ctx.out;
  }
  if (!isMapping(section)) {
    report(ctx, 'error', DiagnosticCode.NOT_A_MAPPING, [id], `Bot '${id}' must be a mapping (name, group, module, parameters, ...), got ${JSON.stringify(section)}.`, id);
    return ctx.out;
  }
  for (const key of Object.keys(section)) {
    if (!ALLOWED_BOT_KEYS.has(key)) {
      report(ctx, 'warning', DiagnosticCode.BOT_KEY_UNKNOWN, [id, key], `Bot '${id}': ignoring disallowed system parameter '${key}' (allowed: ${[...SYSTEM_KEYS, 'parameters'].join(', ')}).`, id, key);
    }
  }
  for (const key of EXPECTED_BOT_KEYS) {
    if (!(key in section)) report(ctx, 'warning', DiagnosticCode.BOT_KEY_MISSING, [id], `Bot '${id}' has no '${key}'.`, id, key);
  }
  for (const key of ['name', 'module', 'description'] as const) {
    const value = section[key];
    if (value !== undefined && value !== null && typeof value !== 'string') {
      report(ctx, 'error', DiagnosticCode.BOT_KEY_TYPE, [id, key], `Bot '${id}': '${key}' must be a string, got ${JSON.stringify(value)}.`, id, key);
    }
  }
  if (section.enabled !== undefined && typeof section.enabled !== 'boolean') {
    report(ctx, 'error', DiagnosticCode.BOT_KEY_TYPE, [id, 'enabled'], `Bot '${id}': 'enabled' must be true or false, got ${JSON.stringify(section.enabled)}.`, id, 'enabled');
  }
  const group = section.group;
  if (group !== undefined && group !== null && !(BOT_GROUPS as readonly unknown[]).includes(group)) {
    report(ctx, 'error', DiagnosticCode.GROUP_INVALID, [id, 'group'], `Bot '${id}' has invalid group ${JSON.stringify(group)}. Must be one of ${BOT_GROUPS.join(', ')}.`, id, 'group');
  }
  checkRunMode(ctx, id, [id, 'run_mode'], section.run_mode);

  const params = section.parameters ?? {};
  if (!isMapping(params)) {
    report(ctx, 'error', DiagnosticCode.BOT_KEY_TYPE, [id, 'parameters'], `Bot '${id}': 'parameters' must be a mapping, got ${JSON.stringify(params)}.`, id, 'parameters');
    return ctx.out;
  }
  const paramPath = [id, 'parameters'];
  if (checkRunMode(ctx, id, [...paramPath, 'run_mode'], params.run_mode) && section.run_mode && params.run_mode && section.run_mode !== params.run_mode) {
    report(ctx, 'warning', DiagnosticCode.RUN_MODE_CONFLICT, [...paramPath, 'run_mode'], `Bot '${id}': parameters.run_mode '${String(params.run_mode)}' differs from run_mode '${String(section.run_mode)}'; the top-level run_mode is used.`, id, 'run_mode');
  }
  if (params.source_queue !== undefined && params.source_queue !== null && typeof params.source_queue !== 'string') {
    report(ctx, 'error', DiagnosticCode.SOURCE_QUEUE_INVALID, [...paramPath, 'source_queue'], `Bot '${id}': source_queue must be a queue name or null, got ${JSON.stringify(params.source_queue)}.`, id, 'source_queue');
  }
  const queuesProblem = destinationQueuesProblem(params.destination_queues);
  if (queuesProblem) {
    report(ctx, 'error', DiagnosticCode.DESTINATION_QUEUES_INVALID, [...paramPath, 'destination_queues'], `Bot '${id}': invalid destination_queues: ${queuesProblem}.`, id, 'destination_queues');
  } else if (group === 'Collector' || group === 'Parser' || group === 'Expert') {
    const defaults = normalizeDestinationQueues(params.destination_queues)._default;
    if (!defaults || defaults.length === 0) {
      report(ctx, 'error', DiagnosticCode.DESTINATION_DEFAULT_MISSING, [...paramPath, 'destination_queues'], `Misconfiguration: No (default) destination queue for '${id}'.`, id, 'destination_queues');
    }
  }
  checkParameters(ctx, params, paramPath, id);
  const scheduled = (section.run_mode ?? params.run_mode) === 'scheduled';
  if (params.schedule_time && !scheduled && checkScheduleTime(params.schedule_time).valid) {
    report(ctx, 'warning', DiagnosticCode.SCHEDULE_TIME_UNUSED, [...paramPath, 'schedule_time'], `Bot '${id}': schedule_time is only used with run_mode 'scheduled'.`, id, 'schedule_time');
  }
  return ctx.out;
}
