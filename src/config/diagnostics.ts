/**
 * Configuration findings. Every finding carries a stable code (like Fastify's
 * `FST_ERR_*`) so tools and tests match on the code, not on the wording.
 */
import { ConfigurationError } from '../message/errors.ts';

export const DiagnosticCode = {
  FILE_NOT_FOUND: 'IMQ_CFG_FILE_NOT_FOUND',
  FILE_UNREADABLE: 'IMQ_CFG_FILE_UNREADABLE',
  YAML_SYNTAX: 'IMQ_CFG_YAML_SYNTAX',
  YAML_WARNING: 'IMQ_CFG_YAML_WARNING',
  JSON_SYNTAX: 'IMQ_CFG_JSON_SYNTAX',
  RENAMED_RUNTIME_CONF: 'IMQ_CFG_RENAMED_RUNTIME_CONF',
  EMPTY_FILE: 'IMQ_CFG_EMPTY_FILE',
  NOT_A_MAPPING: 'IMQ_CFG_NOT_A_MAPPING',
  BOT_ID_INVALID: 'IMQ_CFG_BOT_ID_INVALID',
  BOT_KEY_UNKNOWN: 'IMQ_CFG_BOT_KEY_UNKNOWN',
  BOT_KEY_MISSING: 'IMQ_CFG_BOT_KEY_MISSING',
  BOT_KEY_TYPE: 'IMQ_CFG_BOT_KEY_TYPE',
  RUN_MODE_INVALID: 'IMQ_CFG_RUN_MODE_INVALID',
  RUN_MODE_CONFLICT: 'IMQ_CFG_RUN_MODE_CONFLICT',
  GROUP_INVALID: 'IMQ_CFG_GROUP_INVALID',
  DESTINATION_QUEUES_INVALID: 'IMQ_CFG_DESTINATION_QUEUES_INVALID',
  DESTINATION_DEFAULT_MISSING: 'IMQ_CFG_DESTINATION_DEFAULT_MISSING',
  SOURCE_QUEUE_INVALID: 'IMQ_CFG_SOURCE_QUEUE_INVALID',
  GLOBAL_KEY_UNKNOWN: 'IMQ_CFG_GLOBAL_KEY_UNKNOWN',
  PARAMETER_INVALID: 'IMQ_CFG_PARAMETER_INVALID',
  SCHEDULE_TIME_INVALID: 'IMQ_CFG_SCHEDULE_TIME_INVALID',
  SCHEDULE_TIME_UNUSED: 'IMQ_CFG_SCHEDULE_TIME_UNUSED',
} as const;

export type DiagnosticCode = (typeof DiagnosticCode)[keyof typeof DiagnosticCode];

export interface Diagnostic {
  readonly level: 'error' | 'warning';
  readonly code: DiagnosticCode;
  readonly file: string;
  readonly botId?: string;
  readonly key?: string;
  /** 1-based, when the finding can be located in the source text. */
  readonly line?: number;
  readonly column?: number;
  readonly message: string;
}

/** `file:line:column: level: message` — the shape editors and CI logs understand. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.line !== undefined ? `${d.file}:${d.line}:${d.column ?? 1}` : d.file;
  return `${where}: ${d.level}: ${d.message}`;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.level === 'error');
}

/** A configuration file could not be used at all; carries the first error's location. */
export class ConfigFileError extends ConfigurationError {
  override name = 'ConfigFileError';
  readonly code: DiagnosticCode;
  readonly file: string;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly diagnostics: readonly Diagnostic[];

  constructor(diagnostics: readonly Diagnostic[]) {
    const first = diagnostics.find((d) => d.level === 'error') ?? diagnostics[0];
    if (!first) throw new TypeError('ConfigFileError needs at least one diagnostic');
    super(first.file, formatDiagnostic(first));
    this.code = first.code;
    this.file = first.file;
    this.line = first.line;
    this.column = first.column;
    this.diagnostics = diagnostics;
  }
}

/** 1-based line and column of a character offset. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}
