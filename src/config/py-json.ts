/**
 * Python `json.dumps(value, indent=4, sort_keys=True)` output (with the default
 * `ensure_ascii=True`), so that files we write are byte-identical to the ones
 * upstream writes (runtime/state JSON, dump files) and diff cleanly.
 */
import { pyJsonDumps as dumps } from '../message/pyjson.ts';

/** `json.dumps(value, indent=indent, sort_keys=True)`; no trailing newline. */
export function pyJsonDumps(value: unknown, indent = 4): string {
  return dumps(value, { sortKeys: true, indent });
}
