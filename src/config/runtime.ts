/**
 * runtime.yaml: the bots of an installation and the optional `global` section.
 * Loading never stops at the first problem: it returns every finding, and a
 * typed, frozen view of everything usable (bots with unusable ids are left out
 * because their id would become a file name, a unit name or a crontab line).
 */
import { existsSync, renameSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { isValidBotId } from './bot-id.ts';
import { ConfigFileError, DiagnosticCode, hasErrors, type Diagnostic } from './diagnostics.ts';
import { deepFreeze, frozenMap } from './freeze.ts';
import { readConfigurationFile } from './load-file.ts';
import { resolvePaths } from './paths.ts';
import { BOT_GROUPS, RUN_MODES, checkBotSection, checkGlobalSection, isMapping, type Locate } from './validate-runtime.ts';

export { writeConfiguration, type WriteConfigurationOptions } from './write-file.ts';
export { effectiveParameters, resolveBotParameters, type ResolvedParameters, type ParameterSource } from './parameters.ts';
export { upgradeLegacyLayout, type LegacyUpgrade } from './legacy.ts';

export type BotGroup = (typeof BOT_GROUPS)[number];
export type RunMode = (typeof RUN_MODES)[number];

export interface BotConfig {
  readonly id: string;
  readonly name: string | null;
  readonly group: BotGroup | null;
  readonly module: string | null;
  readonly description: string | null;
  /** Default true; only selects bots for "start all". */
  readonly enabled: boolean;
  /** Top-level `run_mode`, else `parameters.run_mode` (seed proposal P3), else continuous. */
  readonly runMode: RunMode;
  readonly parameters: Readonly<Record<string, unknown>>;
  /** The bot's section exactly as written, for parameter loading and rewriting the file. */
  readonly section: Readonly<Record<string, unknown>>;
}

export interface RuntimeConfig {
  readonly file: string;
  readonly global: Readonly<Record<string, unknown>>;
  readonly bots: ReadonlyMap<string, BotConfig>;
}

export interface RuntimeLoadResult {
  /** null when the file is missing, unparsable or not a mapping. */
  readonly config: RuntimeConfig | null;
  readonly diagnostics: readonly Diagnostic[];
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function buildBot(id: string, section: Record<string, unknown>): BotConfig {
  const parameters = isMapping(section.parameters) ? section.parameters : {};
  const runMode = section.run_mode ?? parameters.run_mode;
  return {
    id,
    name: stringOrNull(section.name),
    group: (BOT_GROUPS as readonly unknown[]).includes(section.group) ? (section.group as BotGroup) : null,
    module: stringOrNull(section.module),
    description: stringOrNull(section.description),
    // Upstream tests truthiness; a missing key means enabled.
    enabled: section.enabled === undefined ? true : Boolean(section.enabled),
    runMode: runMode === 'scheduled' ? 'scheduled' : 'continuous',
    parameters,
    section,
  };
}

/** Validates an already parsed runtime configuration (legacy upgrade, library mode, tests). */
export function runtimeConfigFromObject(value: unknown, file: string, locate: Locate = () => undefined): RuntimeLoadResult {
  const diagnostics: Diagnostic[] = [];
  if (value === null || value === undefined) {
    diagnostics.push({ level: 'warning', code: DiagnosticCode.EMPTY_FILE, file, message: `Runtime configuration '${file}' is empty: no bots are configured.` });
    value = {};
  }
  if (!isMapping(value)) {
    diagnostics.push({ level: 'error', code: DiagnosticCode.NOT_A_MAPPING, file, message: `Runtime configuration '${file}' must be a mapping of bot ids to bot sections.` });
    return { config: null, diagnostics };
  }
  const content = deepFreeze(structuredClone(value));
  diagnostics.push(...checkGlobalSection(file, locate, content.global));
  const bots: Array<[string, BotConfig]> = [];
  for (const [id, section] of Object.entries(content)) {
    if (id === 'global') continue;
    diagnostics.push(...checkBotSection(file, locate, id, section));
    if (isValidBotId(id) && isMapping(section)) bots.push([id, Object.freeze(buildBot(id, section))]);
  }
  const config: RuntimeConfig = Object.freeze({
    file,
    global: isMapping(content.global) ? content.global : Object.freeze({}),
    bots: frozenMap(bots, 'RuntimeConfig.bots'),
  });
  return { config, diagnostics };
}

/**
 * Upstream renames a 2.x `runtime.conf` to `runtime.yaml` at start-up (JSON is YAML).
 * Returns true if it renamed.
 */
export function migrateRuntimeConf(runtimeFile: string): boolean {
  if (basename(runtimeFile) !== 'runtime.yaml' || existsSync(runtimeFile)) return false;
  const legacy = join(dirname(runtimeFile), 'runtime.conf');
  if (!existsSync(legacy)) return false;
  renameSync(legacy, runtimeFile);
  return true;
}

/** Loads and validates runtime.yaml (default: the layout's RUNTIME_CONF_FILE). */
export function loadRuntimeConfig(file: string = resolvePaths().runtimeFile): RuntimeLoadResult {
  const renamed = migrateRuntimeConf(file);
  const loaded = readConfigurationFile(file);
  const diagnostics: Diagnostic[] = [];
  if (renamed) {
    diagnostics.push({ level: 'warning', code: DiagnosticCode.RENAMED_RUNTIME_CONF, file, message: `Renamed ${join(dirname(file), 'runtime.conf')} to ${file}.` });
  }
  diagnostics.push(...loaded.diagnostics);
  if (hasErrors(loaded.diagnostics)) return { config: null, diagnostics };
  const result = runtimeConfigFromObject(loaded.value, file, loaded.locate);
  return { config: result.config, diagnostics: [...diagnostics, ...result.diagnostics] };
}

/** Like loadRuntimeConfig, but throws a ConfigFileError (file, line, column) when the file is unusable. */
export function readRuntimeConfig(file?: string): RuntimeConfig {
  const { config, diagnostics } = loadRuntimeConfig(file);
  if (!config) throw new ConfigFileError(diagnostics);
  return config;
}
