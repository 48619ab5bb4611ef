/**
 * Everything one intelmqctl invocation shares: the layout, the runtime
 * configuration (loaded once, on first use), the global settings, the output
 * and the interaction mode.
 */
import { formatDiagnostic } from '../config/diagnostics.ts';
import { genericDefaults } from '../config/global-defaults.ts';
import { effectiveParameters, environmentParameters } from '../config/parameters.ts';
import { resolvePaths, type IntelMQPaths } from '../config/paths.ts';
import { loadRuntimeConfig, type RuntimeConfig } from '../config/runtime.ts';
import { CtlError } from './errors.ts';
import { Output, type OutputType } from './output.ts';

export type ProcessManagerName = 'intelmq' | 'supervisor' | 'systemd';
const MANAGER_NAMES = ['intelmq', 'pid', 'supervisor', 'systemd'] as const;

export type Env = Readonly<Record<string, string | undefined>>;

export interface GlobalFlags {
  readonly type: OutputType;
  readonly quiet: boolean;
  readonly yes: boolean;
}

export class CtlContext {
  readonly paths: IntelMQPaths;
  readonly out: Output;
  private loaded: RuntimeConfig | undefined;

  constructor(
    readonly flags: GlobalFlags,
    readonly env: Env = process.env,
  ) {
    this.paths = resolvePaths(env);
    this.out = new Output({ type: flags.type, quiet: flags.quiet });
  }

  /** Questions are only asked when a person can answer them. */
  get interactive(): boolean {
    return Boolean(process.stdin.isTTY) && !this.flags.yes && this.flags.type === 'text';
  }

  /** The runtime configuration; an unusable file aborts like upstream (`Error loading '<path>': …`). */
  config(): RuntimeConfig {
    if (this.loaded) return this.loaded;
    const { config, diagnostics } = loadRuntimeConfig(this.paths.runtimeFile);
    if (!config) {
      const first = diagnostics.find((d) => d.level === 'error') ?? diagnostics[0];
      const reason = first ? (first.code === 'IMQ_CFG_FILE_NOT_FOUND' ? first.message : formatDiagnostic(first)) : 'unknown error';
      throw new CtlError(`Error loading '${this.paths.runtimeFile}': ${reason}`);
    }
    for (const d of diagnostics) this.out.debug(formatDiagnostic(d));
    this.loaded = config;
    this.out.attachLogFile(this.logSettings());
    return config;
  }

  /** Defaults ← global section ← INTELMQ_* environment: intelmqctl's own settings. */
  globals(): Readonly<Record<string, unknown>> {
    return { ...genericDefaults(this.paths), ...this.config().global, ...environmentParameters(this.env) };
  }

  botParameters(id: string): Readonly<Record<string, unknown>> {
    return effectiveParameters(this.config(), id, this.env, this.paths);
  }

  processManagerName(): ProcessManagerName {
    const value = this.globals().process_manager;
    if (!(MANAGER_NAMES as readonly unknown[]).includes(value)) {
      throw new CtlError(`Invalid process manager given: ${JSON.stringify(value)}, should be one of ${MANAGER_NAMES.map((m) => `'${m}'`).join(', ')}.`);
    }
    return value === 'pid' ? 'intelmq' : (value as ProcessManagerName);
  }

  private logSettings() {
    const g = this.globals();
    return {
      level: typeof g.logging_level === 'string' ? g.logging_level : 'INFO',
      handler: typeof g.logging_handler === 'string' ? g.logging_handler : 'file',
      path: typeof g.logging_path === 'string' ? g.logging_path : null,
      maxSize: typeof g.logging_max_size === 'number' ? g.logging_max_size : 0,
      maxCopies: typeof g.logging_max_copies === 'number' ? g.logging_max_copies : null,
    };
  }
}
