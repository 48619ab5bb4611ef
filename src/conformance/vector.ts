/** The conformance vector format (see shared/conformance/README.md). */
export type WireDict = Record<string, unknown>;

export interface ExpectedAt {
  path: string;
  pos: number;
  compare_raw: boolean;
}

export interface ExpectedCount {
  path: string;
  len: number;
  after_run?: number;
  counted_from_run?: number;
}

export interface CacheEntry {
  value: string;
  ttl: number;
}

export interface VectorRun {
  new_instance?: boolean;
  parameters?: Record<string, unknown>;
  paths?: string[];
  iterations?: number;
  input?: WireDict[];
  input_internal?: WireDict[];
  cache_before?: Record<string, CacheEntry>;
  cache_after?: Record<string, CacheEntry>;
  expected?: WireDict[];
  expected_at?: ExpectedAt[];
  expected_counts?: ExpectedCount[];
  output?: Record<string, WireDict[]>;
  volatile_fields?: string[];
  clock_dependent?: boolean;
  log?: { errors: number; warnings: number; error_lines?: string[]; exception_lines?: string[] };
}

export interface BotVector extends VectorRun {
  test: string;
  kind: 'parser' | 'expert';
  module: string;
  bot_class?: string;
  runs?: VectorRun[];
}

export interface HarmonizationVector {
  kind: 'harmonization';
  type: string;
  input: unknown;
  is_valid: boolean;
  is_valid_sanitized: boolean;
  sanitized: unknown;
}
