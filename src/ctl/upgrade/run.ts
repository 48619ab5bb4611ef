/**
 * upgrade-config's algorithm (config.md §6): run the functions of versions
 * newer than the last upgraded one and catch up failed older ones, stop at
 * the first failure, then write runtime.yaml, harmonization.conf and the
 * state file (with .bak backups unless disabled; nothing in a dry run).
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { PACKAGED_HARMONIZATION_FILE } from '../../config/harmonization-file.ts';
import { upgradeLegacyLayout, writeConfiguration } from '../../config/runtime.ts';
import type { IntelMQPaths } from '../../config/paths.ts';
import type { Output } from '../output.ts';
import { HARMONIZATION_UPGRADE, UPGRADES, allUpgradeFunctions, type UpgradeFunction, type UpgradeInput } from './functions.ts';
import { emptyState, isoNow, readState, writeState, type UpgradeState } from './state-file.ts';

export type Version = readonly [number, number, number];

export interface UpgradeOptions {
  readonly previous?: Version;
  readonly dryRun: boolean;
  readonly function?: string;
  readonly force: boolean;
  readonly stateFile: string;
  readonly backup: boolean;
  readonly current: Version;
}

export type UpgradeStatus = 'success' | 'error' | 'Nothing to do.';

function newer(a: Version, b: Version): boolean {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! > b[i]!;
  return false;
}

function loadJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

function selectFunctions(state: UpgradeState, options: UpgradeOptions, out: Output): UpgradeFunction[] | UpgradeStatus {
  if (options.function !== undefined) {
    const fn = allUpgradeFunctions().find((f) => f.name === options.function);
    if (!fn) {
      out.error(`Function ${options.function} not found. Available functions: ${allUpgradeFunctions().map((f) => f.name).join(', ')}.`);
      return 'error';
    }
    if (state.upgrades[fn.name] && !options.force) {
      out.info('This upgrade has been performed previously successfully already. Force with -f.');
      return 'Nothing to do.';
    }
    return [fn];
  }
  const last = state.version_history.at(-1);
  if (!options.force && last && !newer(options.current, last)) {
    out.info('Nothing to do.');
    return 'Nothing to do.';
  }
  const previous = options.previous ?? last ?? null;
  const selected: UpgradeFunction[] = [];
  for (const [version, fns] of UPGRADES) {
    for (const fn of fns) {
      if (previous === null || newer(version, previous) || !state.upgrades[fn.name] || options.force) selected.push(fn);
    }
  }
  return [...selected, HARMONIZATION_UPGRADE];
}

export function runUpgrades(paths: IntelMQPaths, options: UpgradeOptions, out: Output): UpgradeStatus {
  let state = readState(options.stateFile);
  if (state === null) {
    out.info(options.dryRun ? `State file ${options.stateFile} does not exist, would create it.` : `Writing initial state file ${options.stateFile}.`);
    state = emptyState();
  }
  const selected = selectFunctions(state, options, out);
  if (typeof selected === 'string') return selected;

  const legacy = upgradeLegacyLayout(paths.configDir);
  const siteHarmonization = existsSync(paths.harmonizationFile) ? loadJson(paths.harmonizationFile) : null;
  const input: UpgradeInput = {
    runtime: legacy.runtime,
    harmonization: siteHarmonization === null ? null : structuredClone(siteHarmonization),
    packagedHarmonization: loadJson(PACKAGED_HARMONIZATION_FILE),
    legacy,
  };
  let changed = false;
  let failed = false;
  for (const fn of selected) {
    const time = isoNow();
    let outcome: string;
    try {
      outcome = fn.run(input);
    } catch (err) {
      const traceback = (err as Error).stack ?? String(err);
      out.error(`${fn.doc}: Upgrade failed: ${(err as Error).message}`);
      state.results.push({ function: fn.name, success: false, traceback, time });
      state.upgrades[fn.name] = false;
      failed = true;
      break;
    }
    if (outcome === 'changed' || outcome === 'unchanged') {
      out.info(`${fn.doc}: ${outcome === 'changed' ? 'Upgrade successful.' : 'Nothing to do.'}`);
      changed ||= outcome === 'changed';
      state.results.push({ function: fn.name, retval: outcome === 'changed', success: true, time });
      state.upgrades[fn.name] = true;
    } else {
      out.error(`${fn.doc}: Upgrade failed: ${outcome}`);
      state.results.push({ function: fn.name, message: outcome, retval: outcome, success: false, time });
      state.upgrades[fn.name] = false;
      failed = true;
      break;
    }
  }
  if (!failed && options.function === undefined && !state.version_history.some((v) => !newer(options.current, v) && !newer(v, options.current))) {
    state.version_history.push([...options.current] as [number, number, number]);
  }
  if (!options.dryRun) {
    if (changed) {
      writeConfiguration(paths.runtimeFile, input.runtime, { backup: options.backup });
      for (const file of legacy.obsoleteFiles) rmSync(file, { force: true });
      if (input.harmonization !== null) writeConfiguration(paths.harmonizationFile, input.harmonization, { backup: options.backup, useYaml: false });
    }
    writeState(options.stateFile, state);
  }
  if (failed) {
    out.error('Some migration did not succeed or manual intervention is needed. Look at the output above. Afterwards, re-run this program.');
    return 'error';
  }
  out.info(changed ? 'Configuration upgrade successful!' : 'Nothing to do!');
  return changed ? 'success' : 'Nothing to do.';
}
