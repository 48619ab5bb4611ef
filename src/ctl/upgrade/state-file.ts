/** STATE_FILE_PATH: which upgrade functions ran, with which result, and which versions were completed. */
import { existsSync, readFileSync } from 'node:fs';
import { writeConfiguration } from '../../config/runtime.ts';

export interface UpgradeResult {
  readonly function: string;
  readonly success: boolean;
  readonly time: string;
  readonly retval?: boolean | string;
  readonly message?: string;
  readonly traceback?: string;
}

export interface UpgradeState {
  results: UpgradeResult[];
  upgrades: Record<string, boolean>;
  version_history: Array<[number, number, number]>;
}

export function emptyState(): UpgradeState {
  return { results: [], upgrades: {}, version_history: [] };
}

export function readState(path: string): UpgradeState | null {
  if (!existsSync(path)) return null;
  const value = JSON.parse(readFileSync(path, 'utf8')) as Partial<UpgradeState>;
  return { results: value.results ?? [], upgrades: value.upgrades ?? {}, version_history: value.version_history ?? [] };
}

export function writeState(path: string, state: UpgradeState): void {
  writeConfiguration(path, state, { useYaml: false, backup: false, isNew: !existsSync(path) });
}

/** Python `datetime.now().isoformat()`. */
export function isoNow(): string {
  const d = new Date();
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds() * 1000, 6)}`;
}
