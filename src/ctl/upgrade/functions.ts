/**
 * The configuration upgrades of `intelmqctl upgrade-config` that apply to
 * this implementation (upstream `intelmq/lib/upgrades.py`): the changes of
 * the global defaults, the 2.x → 3.x file layout, and the harmonization sync.
 * Each returns 'changed', 'unchanged' or a text describing manual work.
 */
import { existsSync } from 'node:fs';
import { isMapping } from '../../config/validate-runtime.ts';
import type { LegacyUpgrade } from '../../config/legacy.ts';

export interface UpgradeInput {
  /** The whole runtime configuration, edited in place. */
  readonly runtime: Record<string, unknown>;
  /** The site harmonization (null when the installation uses the packaged one), edited in place. */
  readonly harmonization: Record<string, unknown> | null;
  readonly packagedHarmonization: Record<string, unknown>;
  readonly legacy: LegacyUpgrade;
}

export type UpgradeOutcome = 'changed' | 'unchanged' | string;

export interface UpgradeFunction {
  readonly name: string;
  /** Upstream's docstring, printed in front of the result. */
  readonly doc: string;
  run(input: UpgradeInput): UpgradeOutcome;
}

function globalSection(runtime: Record<string, unknown>): Record<string, unknown> {
  if (!isMapping(runtime.global)) runtime.global = {};
  return runtime.global as Record<string, unknown>;
}

const v111DefaultsProcessManager: UpgradeFunction = {
  name: 'v111_defaults_process_manager',
  doc: 'Fix typo in proccess_manager parameter',
  run({ runtime }) {
    const g = globalSection(runtime);
    if ('process_manager' in g && !('proccess_manager' in g)) return 'unchanged';
    if ('proccess_manager' in g) {
      if (!('process_manager' in g)) g.process_manager = g.proccess_manager;
      delete g.proccess_manager;
    } else {
      g.process_manager = 'intelmq';
    }
    return 'changed';
  },
};

const v200DefaultsStatistics: UpgradeFunction = {
  name: 'v200_defaults_statistics',
  doc: 'Inserting `statistics_*` parameters into defaults configuration file',
  run({ runtime }) {
    const g = globalSection(runtime);
    const wanted: Record<string, unknown> = {
      statistics_database: 3,
      statistics_host: '127.0.0.1',
      statistics_password: g.source_pipeline_password ?? null,
      statistics_port: 6379,
    };
    let changed = false;
    for (const [key, value] of Object.entries(wanted)) {
      if (key in g) continue;
      g[key] = value;
      changed = true;
    }
    return changed ? 'changed' : 'unchanged';
  },
};

const v200DefaultsBroker: UpgradeFunction = {
  name: 'v200_defaults_broker',
  doc: 'Inserting `*_pipeline_broker` and deleting broker into/from defaults configuration file',
  run({ runtime }) {
    const g = globalSection(runtime);
    if (!('broker' in g)) return 'unchanged';
    for (const key of ['source_pipeline_broker', 'destination_pipeline_broker']) if (!(key in g)) g[key] = g.broker;
    delete g.broker;
    return 'changed';
  },
};

const v200DefaultsSslCaCertificate: UpgradeFunction = {
  name: 'v200_defaults_ssl_ca_certificate',
  doc: 'Add ssl_ca_certificate to defaults',
  run({ runtime }) {
    const g = globalSection(runtime);
    if ('ssl_ca_certificate' in g) return 'unchanged';
    g.ssl_ca_certificate = null;
    return 'changed';
  },
};

/** The 2.x files were already merged by upgradeLegacyLayout; these report it per file, as upstream's three functions. */
function legacyFile(name: string, doc: string, file: string): UpgradeFunction {
  return {
    name,
    doc,
    run({ legacy }) {
      return legacy.obsoleteFiles.some((f) => f.endsWith(`/${file}`) && existsSync(f)) ? 'changed' : 'unchanged';
    },
  };
}

/** Adds missing fields and re-syncs type/regex/iregex with the packaged harmonization; local extra fields stay. */
const harmonization: UpgradeFunction = {
  name: 'harmonization',
  doc: 'Checks if all harmonization fields and types are correct',
  run({ harmonization: site, packagedHarmonization }) {
    if (site === null) return 'unchanged';
    let changed = false;
    for (const [section, fields] of Object.entries(packagedHarmonization)) {
      if (!isMapping(fields)) continue;
      if (!isMapping(site[section])) {
        site[section] = structuredClone(fields);
        changed = true;
        continue;
      }
      const siteFields = site[section] as Record<string, unknown>;
      for (const [name, spec] of Object.entries(fields)) {
        if (!isMapping(spec)) continue;
        if (!isMapping(siteFields[name])) {
          siteFields[name] = structuredClone(spec);
          changed = true;
          continue;
        }
        const siteSpec = siteFields[name] as Record<string, unknown>;
        for (const key of ['type', 'regex', 'iregex']) {
          if (key in spec && JSON.stringify(siteSpec[key]) !== JSON.stringify(spec[key])) {
            siteSpec[key] = spec[key];
            changed = true;
          }
        }
      }
    }
    return changed ? 'changed' : 'unchanged';
  },
};

export const HARMONIZATION_UPGRADE = harmonization;

/** Upstream's UPGRADES table, restricted to what applies here; the harmonization upgrade always runs last. */
export const UPGRADES: ReadonlyArray<readonly [readonly [number, number, number], readonly UpgradeFunction[]]> = [
  [[1, 1, 1], [v111DefaultsProcessManager]],
  [[2, 0, 0], [v200DefaultsStatistics, v200DefaultsBroker, v200DefaultsSslCaCertificate]],
  [
    [3, 0, 0],
    [
      legacyFile('v300_bots_file_removal', 'Remove BOTS file', 'BOTS'),
      legacyFile('v300_defaults_file_removal', 'Remove the defaults.conf file', 'defaults.conf'),
      legacyFile('v300_pipeline_file_removal', 'Remove the pipeline.conf file', 'pipeline.conf'),
    ],
  ],
];

export function allUpgradeFunctions(): UpgradeFunction[] {
  return [...UPGRADES.flatMap(([, fns]) => fns), harmonization];
}
