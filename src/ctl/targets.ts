/**
 * Which bots an action applies to: explicit ids (validated before they reach
 * any file name, unit name, supervisor name or crontab line), `--group`
 * (upstream) and `--filter` (seed proposal). Bots removed from runtime.yaml
 * while running are known from their internal copy.
 */
import { botIdProblem } from '../config/bot-id.ts';
import { effectiveParameters } from '../config/parameters.ts';
import type { BotConfig, RunMode } from '../config/runtime.ts';
import type { CtlContext } from './context.ts';
import { UsageError } from './errors.ts';
import { matchesFilter, parseFilter, type Filterable } from './filter.ts';
import { internalCopyIds, internalRuntime, readInternalCopy, type InternalCopy } from './internal-config.ts';

export interface BotTarget extends Filterable {
  /** null: removed from runtime.yaml; what we know comes from the internal copy. */
  readonly config: BotConfig | null;
  readonly internal: InternalCopy | null;
  readonly runMode: RunMode;
  /** Effective parameters (global ← bot parameters ← environment). */
  readonly params: Readonly<Record<string, unknown>>;
}

const GROUP_OPTION_VALUES: Readonly<Record<string, string>> = {
  collectors: 'Collector',
  parsers: 'Parser',
  experts: 'Expert',
  outputs: 'Output',
};

export interface SelectOptions {
  readonly group?: string;
  readonly filter?: string;
  /** Also the bots only known from internal copies (status, stop). */
  readonly includeRemoved?: boolean;
}

function fromConfig(ctx: CtlContext, bot: BotConfig): BotTarget {
  return {
    id: bot.id,
    config: bot,
    internal: readInternalCopy(ctx.paths.varRunPath, bot.id),
    group: bot.group,
    module: bot.module,
    name: bot.name,
    description: bot.description,
    enabled: bot.enabled,
    runMode: bot.runMode,
    params: ctx.botParameters(bot.id),
  };
}

function fromInternal(ctx: CtlContext, copy: InternalCopy): BotTarget | null {
  const runtime = internalRuntime(copy, ctx.paths.runtimeFile);
  const bot = runtime?.bots.get(copy.bot_id);
  if (!runtime || !bot) return null;
  return {
    id: bot.id,
    config: null,
    internal: copy,
    group: bot.group,
    module: bot.module,
    name: bot.name,
    description: bot.description,
    enabled: bot.enabled,
    runMode: bot.runMode,
    params: effectiveParameters(runtime, bot.id, ctx.env, ctx.paths),
  };
}

/** Bots with an internal copy that are no longer in runtime.yaml. */
export function removedTargets(ctx: CtlContext): BotTarget[] {
  const configured = ctx.config().bots;
  const result: BotTarget[] = [];
  for (const id of internalCopyIds(ctx.paths.varRunPath)) {
    if (configured.has(id)) continue;
    const copy = readInternalCopy(ctx.paths.varRunPath, id);
    const target = copy && fromInternal(ctx, copy);
    if (target) result.push(target);
  }
  return result;
}

/** Refuses ids that could escape into paths, unit names or shell lines before anything else sees them. */
export function validateBotId(id: string): void {
  const problem = botIdProblem(id);
  if (problem) throw new UsageError(`Invalid bot id ${JSON.stringify(id)}: ${problem}.`);
}

export function resolveTarget(ctx: CtlContext, id: string, includeRemoved: boolean): BotTarget {
  validateBotId(id);
  const bot = ctx.config().bots.get(id);
  if (bot) return fromConfig(ctx, bot);
  if (includeRemoved) {
    const copy = readInternalCopy(ctx.paths.varRunPath, id);
    const target = copy && fromInternal(ctx, copy);
    if (target) return target;
  }
  const choices = [...ctx.config().bots.keys()].sort().map((c) => `'${c}'`).join(', ');
  throw new UsageError(`argument bot_id: invalid choice: '${id}' (choose from ${choices})`);
}

export function selectTargets(ctx: CtlContext, ids: readonly string[], options: SelectOptions = {}): BotTarget[] {
  let targets: BotTarget[];
  if (ids.length > 0) {
    targets = [...new Set(ids)].map((id) => resolveTarget(ctx, id, options.includeRemoved ?? false));
  } else {
    targets = [...ctx.config().bots.values()].map((bot) => fromConfig(ctx, bot));
    if (options.includeRemoved) targets.push(...removedTargets(ctx));
    targets.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
  if (options.group) {
    const group = GROUP_OPTION_VALUES[options.group.toLowerCase()];
    if (!group) throw new UsageError(`argument --group: invalid choice: '${options.group}' (choose from 'collectors', 'parsers', 'experts', 'outputs')`);
    targets = targets.filter((t) => t.group === group);
  }
  if (options.filter !== undefined) {
    const conditions = parseFilter(options.filter);
    targets = targets.filter((t) => matchesFilter(t, conditions));
  }
  return targets;
}

/** `Botnet`, `Collector group` or the bot id: the subject of upstream's messages. */
export function subjectName(ids: readonly string[], options: SelectOptions): string {
  if (ids.length === 1) return ids[0]!;
  if (options.group && ids.length === 0) return `${GROUP_OPTION_VALUES[options.group.toLowerCase()] ?? options.group} group`;
  return 'Botnet';
}
