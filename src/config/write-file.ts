/**
 * Writing configuration and state files. Unlike upstream (truncate + write in
 * place) every write goes to a temporary file that is fsynced and renamed over
 * the target, so a crash or a full disk never leaves a half-written runtime.yaml.
 */
import { randomBytes } from 'node:crypto';
import { chownSync, closeSync, copyFileSync, existsSync, fchmodSync, fsyncSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { loadConfiguration } from './load-file.ts';
import { pyJsonDumps } from './py-json.ts';

function fsyncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some file systems refuse fsync on directories; the rename itself is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Replaces `path` atomically: temp file in the same directory, fsync, rename, fsync directory. */
export function atomicWriteFile(path: string, data: string | Uint8Array, mode = 0o644): void {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let previous: { mode: number; uid: number; gid: number } | undefined;
  try {
    const st = statSync(path);
    previous = { mode: st.mode & 0o7777, uid: st.uid, gid: st.gid };
  } catch {
    previous = undefined;
  }
  const fd = openSync(temp, 'wx', previous?.mode ?? mode);
  try {
    const buffer = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let offset = 0;
    while (offset < buffer.length) offset += writeSync(fd, buffer, offset, buffer.length - offset);
    if (previous) {
      // Keep the owner and permissions an admin gave the file (e.g. group-writable for the intelmq user).
      fchmodSync(fd, previous.mode);
      if (typeof process.getuid === 'function' && process.getuid() === 0) chownSync(temp, previous.uid, previous.gid);
    }
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    unlinkSync(temp);
    throw err;
  }
  closeSync(fd);
  try {
    renameSync(temp, path);
  } catch (err) {
    unlinkSync(temp);
    throw err;
  }
  fsyncDirectory(dir);
}

/** Upstream's YAML style: block mappings, sequences not indented below their key (ruamel defaults). */
export function toYaml(content: unknown): string {
  return stringify(content, { indentSeq: false, lineWidth: 80 });
}

/** Upstream's JSON style: indent 4, sorted keys, ASCII only, trailing newline. */
export function toJson(content: unknown): string {
  return `${pyJsonDumps(content)}\n`;
}

export interface WriteConfigurationOptions {
  /** Copy the previous text to `<path>.bak` first (default true). */
  readonly backup?: boolean;
  /** Skip comparing with (and backing up) the existing file (upstream `new=True`). */
  readonly isNew?: boolean;
  /** YAML (default) or JSON output. */
  readonly useYaml?: boolean;
}

/**
 * Upstream `write_configuration`. Returns false when the file already holds
 * equal content (nothing written, no backup). Comments in YAML are lost, as upstream.
 */
export function writeConfiguration(path: string, content: unknown, options: WriteConfigurationOptions = {}): boolean {
  const { backup = true, isNew = false, useYaml = true } = options;
  const exists = existsSync(path);
  if (!isNew && exists && pyJsonDumps(loadConfiguration(path)) === pyJsonDumps(content)) return false;
  if (backup && !isNew && exists) copyFileSync(path, `${path}.bak`);
  atomicWriteFile(path, useYaml ? toYaml(content) : toJson(content));
  return true;
}
