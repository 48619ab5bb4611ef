/**
 * Which harmonization.conf applies: the installation's copy in CONFIG_DIR, or
 * the one shipped with this package (library mode, fresh checkouts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { ConfigFileError, DiagnosticCode } from './diagnostics.ts';
import { parseJsonText } from './load-file.ts';
import { dataFile } from '../data/files.ts';
import { resolvePaths, type IntelMQPaths } from './paths.ts';

export const PACKAGED_HARMONIZATION_FILE = dataFile('harmonization.conf');

export interface HarmonizationFile {
  readonly path: string;
  /** True when the packaged copy is used because CONFIG_DIR has none. */
  readonly packaged: boolean;
  readonly content: Record<string, unknown>;
}

export function resolveHarmonizationPath(paths: IntelMQPaths = resolvePaths()): { path: string; packaged: boolean } {
  return existsSync(paths.harmonizationFile) ? { path: paths.harmonizationFile, packaged: false } : { path: PACKAGED_HARMONIZATION_FILE, packaged: true };
}

/** Reads harmonization.conf as JSON; errors name the file, line and column. */
export function loadHarmonizationFile(paths: IntelMQPaths = resolvePaths()): HarmonizationFile {
  const { path, packaged } = resolveHarmonizationPath(paths);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigFileError([{ level: 'error', code: DiagnosticCode.FILE_UNREADABLE, file: path, message: `Could not read '${path}': ${(err as Error).message}.` }]);
  }
  const { value, diagnostics } = parseJsonText(text, path);
  if (diagnostics.length > 0) throw new ConfigFileError(diagnostics);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigFileError([{ level: 'error', code: DiagnosticCode.NOT_A_MAPPING, file: path, message: `'${path}' must contain a JSON object with "event" and "report" sections.` }]);
  }
  return Object.freeze({ path, packaged, content: value as Record<string, unknown> });
}
