/**
 * Effective bot parameters (bot-runtime.md §2), later wins:
 * generic defaults ← `global` ← truthy system keys ← `parameters` ← `INTELMQ_*` environment.
 */
import { baseBotId } from './bot-id.ts';
import { genericDefaults } from './global-defaults.ts';
import { resolvePaths, type IntelMQPaths } from './paths.ts';
import { defaultSourceQueue } from './queues.ts';
import type { RuntimeConfig } from './runtime.ts';
import { ALLOWED_BOT_KEYS, SYSTEM_KEYS } from './validate-runtime.ts';

/** Upstream's names of the steps, used in the DEBUG line `<Source> configuration: parameter ...`. */
export type ParameterSource = 'Builtin' | 'Defaults' | 'System' | 'Runtime' | 'Environment';

export interface ResolvedParameters {
  readonly values: Readonly<Record<string, unknown>>;
  readonly sources: ReadonlyMap<string, ParameterSource>;
  /** Upstream's bot warnings, e.g. `Ignoring disallowed system parameter 'x'.` */
  readonly warnings: readonly string[];
}

type Env = Readonly<Record<string, string | undefined>>;

/** `"True"` → true, `"False"` → false, all digits → integer, anything else stays a string. */
export function coerceEnvironmentValue(value: string): string | number | boolean {
  if (value === 'True') return true;
  if (value === 'False') return false;
  if (/^[0-9]+$/.test(value)) return Number(value);
  return value;
}

/** Every `INTELMQ_<NAME>` variable as parameter `<name>` (so INTELMQ_ROOT_DIR becomes a harmless `root_dir`). */
export function environmentParameters(env: Env): Record<string, string | number | boolean> {
  const result: Record<string, string | number | boolean> = {};
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith('INTELMQ_') || name.length === 'INTELMQ_'.length || value === undefined) continue;
    result[name.slice('INTELMQ_'.length).toLowerCase()] = coerceEnvironmentValue(value);
  }
  return result;
}

/** Python truthiness, which decides whether a system key is applied. */
function truthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (value && typeof value === 'object') return Object.keys(value).length > 0;
  return Boolean(value);
}

/** Values marked with their source, e.g. for the DEBUG log of a starting bot. */
export function resolveBotParameters(config: RuntimeConfig | null, botId: string, env: Env = process.env, paths: IntelMQPaths = resolvePaths(env)): ResolvedParameters {
  const id = baseBotId(botId);
  const values: Record<string, unknown> = {};
  const sources = new Map<string, ParameterSource>();
  const warnings: string[] = [];
  const apply = (source: ParameterSource, entries: Record<string, unknown>) => {
    for (const [key, value] of Object.entries(entries)) {
      // defineProperty: a key named __proto__ (YAML allows it) must stay a plain entry.
      Object.defineProperty(values, key, { value, enumerable: true, writable: true, configurable: true });
      sources.set(key, source);
    }
  };

  apply('Builtin', { ...genericDefaults(paths), source_queue: defaultSourceQueue(id) });
  if (config) apply('Defaults', config.global as Record<string, unknown>);
  const bot = config?.bots.get(id);
  if (bot) {
    const system: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(bot.section)) {
      if ((SYSTEM_KEYS as readonly string[]).includes(key)) {
        if (truthy(value)) system[key] = value;
      } else if (!ALLOWED_BOT_KEYS.has(key)) {
        warnings.push(`Ignoring disallowed system parameter '${key}'.`);
      }
    }
    apply('System', system);
    const runtime = { ...bot.parameters };
    // Seed proposal P3: a top-level run_mode wins over parameters.run_mode, as intelmqctl reads it there.
    if (system.run_mode) delete runtime.run_mode;
    apply('Runtime', runtime);
  } else if (config) {
    warnings.push(`Bot ID '${id}' not found in runtime configuration - could not load any parameters.`);
  }
  apply('Environment', environmentParameters(env));
  return Object.freeze({ values: Object.freeze(values), sources, warnings: Object.freeze(warnings) });
}

/** The parameters a bot runs with; `botId` may carry an instance suffix (`<id>.<n>`). */
export function effectiveParameters(config: RuntimeConfig | null, botId: string, env: Env = process.env, paths: IntelMQPaths = resolvePaths(env)): Readonly<Record<string, unknown>> {
  return resolveBotParameters(config, botId, env, paths).values;
}
