/**
 * `intelmqctl check` (config.md §7): configuration files, pipeline
 * connection and orphaned queues, harmonization, bots, installation and
 * upgrade state. Produces upstream's [level, message] lines; `failed` is
 * what makes the exit status 1.
 */
import { existsSync, readFileSync } from 'node:fs';
import { DiagnosticCode, formatDiagnostic } from '../../config/diagnostics.ts';
import { ConfigFileError } from '../../config/diagnostics.ts';
import { PACKAGED_HARMONIZATION_FILE, loadHarmonizationFile } from '../../config/harmonization-file.ts';
import { loadRuntimeConfig } from '../../config/runtime.ts';
import type { CtlContext } from '../context.ts';
import { BOT_SCRIPT } from '../launcher.ts';
import { allBotQueues, openAdmin } from '../queues.ts';
import { allUpgradeFunctions } from '../upgrade/functions.ts';
import { readState } from '../upgrade/state-file.ts';
import { checkBotConfiguration } from './bot-checks.ts';

export type CheckLevel = 'debug' | 'info' | 'warning' | 'error';
export type CheckLine = [CheckLevel, string];

export interface CheckResult {
  readonly lines: CheckLine[];
  readonly failed: boolean;
}

/** Warnings that upstream counts as failures: a missing system key or an invalid run mode. */
const FAILING_WARNINGS = new Set<string>([DiagnosticCode.BOT_KEY_MISSING]);

function checkHarmonization(content: Record<string, unknown>, lines: CheckLine[]): boolean {
  let failed = false;
  for (const [section, fields] of Object.entries(content)) {
    if (typeof fields !== 'object' || fields === null) continue;
    for (const [name, spec] of Object.entries(fields as Record<string, Record<string, unknown>>)) {
      if (!spec.description) lines.push(['warning', `Missing description for type '${name}'.`]);
      if (!spec.type) {
        lines.push(['error', `Missing type for type '${name}'.`]);
        failed = true;
      }
      if (typeof spec.regex === 'string') {
        try {
          new RegExp(spec.regex);
        } catch (err) {
          lines.push(['error', `Invalid regex for type '${name}': '${(err as Error).message}'.`]);
          failed = true;
        }
      }
    }
    if (section === 'event' && (fields as Record<string, Record<string, unknown>>).extra?.type !== 'JSONDict') {
      lines.push(['warning', "'extra' field needs to be of type 'JSONDict'."]);
      failed = true;
    }
  }
  return failed;
}

async function checkPipeline(ctx: CtlContext, lines: CheckLine[]): Promise<boolean> {
  const expected = new Set<string>();
  for (const bot of allBotQueues(ctx)) {
    for (const q of [bot.source, ...Object.values(bot.destinations).flat()]) {
      if (q === null) continue;
      expected.add(q);
      expected.add(`${q}-internal`);
    }
  }
  let admin;
  try {
    admin = await openAdmin(ctx);
    const nonEmpty = await admin.nonEmptyQueues([...expected]);
    const ignore = new Set((ctx.globals().intelmqctl_check_orphaned_queues_ignore as string[] | undefined) ?? []);
    const orphaned = [...nonEmpty].filter((q) => !expected.has(q) && !ignore.has(q)).sort();
    if (orphaned.length) {
      lines.push([
        'warning',
        `Orphaned queues found: ${orphaned.map((q) => `'${q}'`).join(', ')}. Possible leftover from past reconfigurations without cleanup. Have a look at the FAQ at https://docs.intelmq.org/latest/admin/faq/#orphaned-queues`,
      ]);
    }
    return false;
  } catch (err) {
    lines.push(['error', `Could not connect to pipeline: ${(err as Error).message}`]);
    return true;
  } finally {
    await admin?.close();
  }
}

export async function runChecks(ctx: CtlContext, noConnections: boolean): Promise<CheckResult> {
  const lines: CheckLine[] = [['info', 'Reading configuration files.']];
  let failed = false;
  let harmonization: Record<string, unknown>;
  try {
    harmonization = loadHarmonizationFile(ctx.paths).content;
  } catch (err) {
    const message = err instanceof ConfigFileError ? formatDiagnostic(err.diagnostics[0]!) : (err as Error).message;
    lines.push(['error', `Could not load '${ctx.paths.harmonizationFile}': ${message}.`], ['error', 'Fatal errors occurred.']);
    return { lines, failed: true };
  }
  const { config, diagnostics } = loadRuntimeConfig(ctx.paths.runtimeFile);
  if (!config) {
    const first = diagnostics.find((d) => d.level === 'error');
    lines.push(['error', `Could not load '${ctx.paths.runtimeFile}': ${first ? formatDiagnostic(first) : 'unknown error'}.`], ['error', 'Fatal errors occurred.']);
    return { lines, failed: true };
  }

  lines.push(['info', 'Checking runtime and pipeline configuration.']);
  for (const d of diagnostics) {
    lines.push([d.level, formatDiagnostic(d)]);
    if (d.level === 'error' || FAILING_WARNINGS.has(d.code)) failed = true;
  }
  if (!noConnections) failed = (await checkPipeline(ctx, lines)) || failed;

  lines.push(['info', 'Checking harmonization configuration.']);
  failed = checkHarmonization(harmonization, lines) || failed;
  if (existsSync(ctx.paths.harmonizationFile) && JSON.stringify(JSON.parse(readFileSync(PACKAGED_HARMONIZATION_FILE, 'utf8'))) !== JSON.stringify(harmonization)) {
    lines.push(['warning', 'Harmonization needs an upgrade, call intelmqctl upgrade-config.']);
  }

  lines.push(['info', 'Checking for bots.']);
  for (const id of [...config.bots.keys()].sort()) {
    for (const f of await checkBotConfiguration(ctx, config, [], id)) {
      lines.push([f.level, f.message]);
      if (f.level === 'error') failed = true;
    }
  }
  if (!existsSync(BOT_SCRIPT)) {
    lines.push(['error', `Incomplete installation: Executable '${BOT_SCRIPT}' for all bots not found.`]);
    failed = true;
  }

  const state = readState(ctx.paths.stateFilePath);
  if (state === null) {
    lines.push(['error', "No state file found. Please call 'intelmqctl upgrade-config'."]);
  } else {
    for (const fn of allUpgradeFunctions()) {
      if (!state.upgrades[fn.name]) lines.push(['error', `Upgrade function ${fn.name} not completed (successfully). Please run 'intelmqctl upgrade-config'.`]);
    }
  }
  lines.push(failed ? ['error', 'Some issues have been found, please check the above output.'] : ['info', 'No issues found.']);
  return { lines, failed };
}
