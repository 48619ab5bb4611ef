/**
 * `intelmqctl setup` and the demo's first start: create the installation
 * layout under the chosen root (INTELMQ_ROOT_DIR, /opt/intelmq when writable,
 * else a user-writable directory) and, when absent, a runtime.yaml and the
 * harmonization.conf. Existing files are never overwritten.
 */
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { resolvePaths, type IntelMQPaths } from '../config/paths.ts';
import { PACKAGED_HARMONIZATION_FILE } from '../config/harmonization-file.ts';
import { demoInputDir, demoRuntime } from './demo-runtime.ts';

export const SAMPLE_FEED = fileURLToPath(new URL('./sample-feed.csv', import.meta.url));

export interface SetupResult {
  paths: IntelMQPaths;
  created: string[];
}

export function setupRoot(root: string, opts: { demo: boolean }): SetupResult {
  return setupInstallation(resolvePaths({ INTELMQ_ROOT_DIR: root }), opts);
}

export function setupInstallation(paths: IntelMQPaths, opts: { demo: boolean }): SetupResult {
  const created: string[] = [];
  const dirs = [paths.configDir, paths.loggingPath, paths.varRunPath, paths.varStatePath, dirname(paths.stateFilePath), join(paths.varStatePath, 'file-output')];
  if (opts.demo) dirs.push(demoInputDir(paths));
  for (const dir of dirs) {
    if (!existsSync(dir)) {
      mkdirSync(dir, { recursive: true, mode: 0o755 });
      created.push(dir);
    }
  }
  if (!existsSync(paths.harmonizationFile)) {
    copyFileSync(PACKAGED_HARMONIZATION_FILE, paths.harmonizationFile);
    created.push(paths.harmonizationFile);
  }
  if (!existsSync(paths.runtimeFile)) {
    const runtime = opts.demo ? demoRuntime(paths) : { global: { source_pipeline_broker: 'embedded', destination_pipeline_broker: 'embedded' } };
    writeFileSync(paths.runtimeFile, `# Created by intelmq-ts setup. Bots and their parameters: docs/bots/, global keys: docs/configuration.md\n${stringify(runtime)}`);
    created.push(paths.runtimeFile);
  }
  return { paths, created };
}
