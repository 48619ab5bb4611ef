/**
 * File-system layout of an installation (IntelMQ `intelmq/__init__.py`).
 *
 * Directory paths keep upstream's trailing slash because operators see them
 * verbatim (default `logging_path`, messages of intelmqctl) and upstream
 * configurations compare them as strings.
 */
import { accessSync, constants, existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';

export type PathMode = 'opt' | 'lsb';

export interface IntelMQPaths {
  readonly mode: PathMode;
  /** Installation root: `/opt/intelmq/` style root in opt mode, `/` (or `$INTELMQ_ROOT_DIR`) in lsb mode. */
  readonly root: string;
  readonly configDir: string;
  /** DEFAULT_LOGGING_PATH: logs and dump files. */
  readonly loggingPath: string;
  /** VAR_RUN_PATH: PID files. */
  readonly varRunPath: string;
  /** VAR_STATE_PATH: per-bot data such as databases. */
  readonly varStatePath: string;
  readonly stateFilePath: string;
  readonly runtimeFile: string;
  readonly harmonizationFile: string;
}

type Env = Readonly<Record<string, string | undefined>>;

export const OPT_ROOT = '/opt/intelmq/';

function withSlash(p: string): string {
  return p.endsWith('/') ? p : `${p}/`;
}

/** Computes the layout exactly as upstream does at import time; it never touches the disk. */
export function resolvePaths(env: Env = process.env): IntelMQPaths {
  const rootEnv = env.INTELMQ_ROOT_DIR;
  const mode: PathMode = rootEnv || env.INTELMQ_PATHS_OPT || !env.INTELMQ_PATHS_NO_OPT ? 'opt' : 'lsb';
  if (mode === 'lsb') {
    // An empty INTELMQ_ROOT_DIR would make upstream's paths relative to the working directory; treat it as `/`.
    const p = withSlash(rootEnv || '/');
    const configDir = join(p, 'etc/intelmq/');
    return Object.freeze({
      mode,
      root: p,
      configDir,
      loggingPath: join(p, 'var/log/intelmq/'),
      varRunPath: join(p, 'var/run/intelmq/'),
      varStatePath: join(p, 'var/lib/intelmq/bots/'),
      stateFilePath: join(p, 'var/lib/intelmq/state.json'),
      runtimeFile: join(configDir, 'runtime.yaml'),
      harmonizationFile: join(configDir, 'harmonization.conf'),
    });
  }
  const r = withSlash(rootEnv || OPT_ROOT);
  const configDir = join(r, 'etc/');
  return Object.freeze({
    mode,
    root: r,
    configDir,
    loggingPath: join(r, 'var/log/'),
    varRunPath: join(r, 'var/run/'),
    varStatePath: join(r, 'var/lib/bots/'),
    stateFilePath: join(r, 'var/lib/state.json'),
    runtimeFile: join(configDir, 'runtime.yaml'),
    harmonizationFile: join(configDir, 'harmonization.conf'),
  });
}

/** `${XDG_DATA_HOME:-~/.local/share}/intelmq/`; a relative XDG_DATA_HOME is ignored as the XDG spec demands. */
export function userFallbackRoot(env: Env = process.env): string {
  const xdg = env.XDG_DATA_HOME;
  const base = xdg && isAbsolute(xdg) ? xdg : join(env.HOME || homedir(), '.local/share');
  return withSlash(join(base, 'intelmq'));
}

export interface RootChoice {
  readonly root: string;
  /** One sentence for the operator, e.g. printed by the CLI on first run. */
  readonly reason: string;
  /** The layout for this root; in lsb mode `root` is the LSB prefix. */
  readonly paths: IntelMQPaths;
}

/** A directory is usable if it is writable, or if it is missing and its nearest existing ancestor is writable. */
export function isWritableOrCreatable(dir: string): boolean {
  let current = dir;
  for (;;) {
    if (existsSync(current)) {
      try {
        accessSync(current, constants.W_OK | constants.X_OK);
        return true;
      } catch {
        return false;
      }
    }
    const parent = dirname(current);
    if (parent === current) return false;
    current = parent;
  }
}

/**
 * First-run root selection: explicit environment wins, then the upstream default
 * `/opt/intelmq/` if this user may write there, else a per-user directory so that
 * an unprivileged first run works without sudo.
 */
export function chooseRoot(
  env: Env = process.env,
  writable: (dir: string) => boolean = isWritableOrCreatable,
): RootChoice {
  if (env.INTELMQ_ROOT_DIR) {
    const paths = resolvePaths(env);
    return Object.freeze({ root: paths.root, reason: `INTELMQ_ROOT_DIR is set to '${env.INTELMQ_ROOT_DIR}'.`, paths });
  }
  if (env.INTELMQ_PATHS_NO_OPT && !env.INTELMQ_PATHS_OPT) {
    const paths = resolvePaths(env);
    return Object.freeze({ root: paths.root, reason: 'INTELMQ_PATHS_NO_OPT is set: using the LSB layout (/etc/intelmq/, /var/log/intelmq/, ...).', paths });
  }
  if (writable(OPT_ROOT)) {
    return Object.freeze({ root: OPT_ROOT, reason: `Using the default installation root ${OPT_ROOT}.`, paths: resolvePaths({ INTELMQ_ROOT_DIR: OPT_ROOT }) });
  }
  const root = userFallbackRoot(env);
  return Object.freeze({
    root,
    reason: `${OPT_ROOT} is not writable by this user; using ${root} instead (set INTELMQ_ROOT_DIR to choose another root).`,
    paths: resolvePaths({ INTELMQ_ROOT_DIR: root }),
  });
}
