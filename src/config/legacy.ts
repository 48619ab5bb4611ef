/**
 * IntelMQ 2.x kept configuration in several JSON files (defaults.conf,
 * runtime.conf, pipeline.conf, BOTS). This turns them into one runtime.yaml
 * structure like upstream's `v300_defaults_file_removal` and
 * `v300_pipeline_file_removal`. It only reads: writing the result and deleting
 * the old files is up to the caller (`intelmqctl upgrade-config`, which has a dry run).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigFileError, DiagnosticCode } from './diagnostics.ts';
import { loadConfiguration } from './load-file.ts';
import { isMapping } from './validate-runtime.ts';

export interface LegacyUpgrade {
  /** The new runtime.yaml content. */
  readonly runtime: Record<string, unknown>;
  /** Whether anything differs from the current runtime.yaml (false = nothing to do). */
  readonly changed: boolean;
  /** One line per change, for the operator. */
  readonly actions: readonly string[];
  /** Legacy files to delete once the new runtime.yaml is written. */
  readonly obsoleteFiles: readonly string[];
}

function loadMapping(file: string): Record<string, unknown> {
  const value = loadConfiguration(file);
  if (value === null) return {};
  if (!isMapping(value)) {
    throw new ConfigFileError([{ level: 'error', code: DiagnosticCode.NOT_A_MAPPING, file, message: `'${file}' must contain a mapping.` }]);
  }
  return value;
}

function convertDestinations(value: unknown): unknown {
  if (typeof value === 'string') return { _default: [value] };
  if (Array.isArray(value)) return { _default: value };
  return value;
}

export function upgradeLegacyLayout(configDir: string): LegacyUpgrade {
  const actions: string[] = [];
  const obsoleteFiles: string[] = [];
  const yamlFile = join(configDir, 'runtime.yaml');
  const confFile = join(configDir, 'runtime.conf');

  let runtime: Record<string, unknown>;
  if (existsSync(yamlFile)) {
    runtime = structuredClone(loadMapping(yamlFile));
  } else if (existsSync(confFile)) {
    runtime = structuredClone(loadMapping(confFile));
    actions.push(`Moved the bots of ${confFile} to ${yamlFile}.`);
    obsoleteFiles.push(confFile);
  } else {
    throw new ConfigFileError([{ level: 'error', code: DiagnosticCode.FILE_NOT_FOUND, file: yamlFile, message: `File not found: '${yamlFile}'.` }]);
  }

  const defaultsFile = join(configDir, 'defaults.conf');
  if (existsSync(defaultsFile)) {
    const defaults = loadMapping(defaultsFile);
    const current = isMapping(runtime.global) ? runtime.global : {};
    // Keys already in `global` are newer than the 2.x defaults file and win.
    runtime.global = { ...defaults, ...current };
    actions.push(`Moved ${Object.keys(defaults).length} parameter(s) of ${defaultsFile} to the global section.`);
    obsoleteFiles.push(defaultsFile);
  }

  const pipelineFile = join(configDir, 'pipeline.conf');
  if (existsSync(pipelineFile)) {
    const pipelines = loadMapping(pipelineFile);
    for (const [botId, pipeline] of Object.entries(pipelines)) {
      const bot = runtime[botId];
      if (botId === 'global' || !isMapping(bot) || !isMapping(pipeline)) {
        actions.push(`Ignored the pipeline.conf entry of '${botId}': no such bot in the runtime configuration.`);
        continue;
      }
      const parameters = isMapping(bot.parameters) ? bot.parameters : {};
      bot.parameters = parameters;
      if ('destination-queues' in pipeline) {
        parameters.destination_queues = convertDestinations(pipeline['destination-queues']);
        actions.push(`Bot '${botId}': destination queues moved to parameters.destination_queues.`);
      }
      const source = pipeline['source-queue'];
      if (source !== undefined && source !== `${botId}-queue`) {
        parameters.source_queue = source;
        actions.push(`Bot '${botId}': source queue '${String(source)}' moved to parameters.source_queue.`);
      }
    }
    obsoleteFiles.push(pipelineFile);
  }

  const botsFile = join(configDir, 'BOTS');
  if (existsSync(botsFile)) {
    actions.push(`${botsFile} is no longer used (bots are listed by \`intelmqctl list bots\`).`);
    obsoleteFiles.push(botsFile);
  }

  return { runtime, changed: obsoleteFiles.length > 0, actions, obsoleteFiles };
}
