import { readFileSync } from 'node:fs';
import { FIELD_TYPES } from './types/index.ts';
import type { FieldType } from './types/field-type.ts';
import { InvalidArgument } from './errors.ts';
import { dataFile } from '../data/files.ts';

/** One entry of `harmonization.conf`, as written in the file. */
export interface FieldSpec {
  type: string;
  description?: string;
  length?: number;
  regex?: string;
  iregex?: string;
}

export interface HarmonizationFile {
  event: Record<string, FieldSpec>;
  report: Record<string, FieldSpec>;
  [section: string]: Record<string, FieldSpec>;
}

/** A field with its type resolved and its regexes compiled once. */
export interface CompiledField {
  readonly key: string;
  readonly type: FieldType;
  readonly length: number | undefined;
  readonly regex: RegExp | undefined;
  readonly iregex: RegExp | undefined;
}

export type MessageKind = 'Event' | 'Report';

export const PACKAGED_HARMONIZATION = dataFile('harmonization.conf');

/**
 * The loaded field table of both message kinds. Built from data, so a site that
 * added fields to its `harmonization.conf` keeps them.
 */
export class Harmonization {
  readonly event: ReadonlyMap<string, CompiledField>;
  readonly report: ReadonlyMap<string, CompiledField>;

  constructor(readonly source: HarmonizationFile, readonly path?: string) {
    this.event = compileSection(source, 'event', path);
    this.report = compileSection(source, 'report', path);
  }

  section(kind: MessageKind): ReadonlyMap<string, CompiledField> {
    return kind === 'Event' ? this.event : this.report;
  }

  static fromFile(path: string | URL): Harmonization {
    const text = readFileSync(path, 'utf8');
    let parsed: HarmonizationFile;
    try {
      parsed = JSON.parse(text) as HarmonizationFile;
    } catch (e) {
      throw new InvalidArgument('harmonization', String(path), undefined, `the file is not valid JSON: ${(e as Error).message}`);
    }
    return new Harmonization(parsed, String(path instanceof URL ? path.pathname : path));
  }
}

function compileSection(source: HarmonizationFile, section: 'event' | 'report', path?: string): Map<string, CompiledField> {
  const out = new Map<string, CompiledField>();
  const fields = source[section] ?? {};
  for (const [key, spec] of Object.entries(fields)) {
    // Upstream accepts the pre-2.0 `JSON` type for `extra` and treats it as JSONDict.
    const typeName = key === 'extra' && spec.type === 'JSON' ? 'JSONDict' : spec.type;
    const type = FIELD_TYPES[typeName];
    if (!type) {
      throw new InvalidArgument(`${section}.${key}.type`, spec.type, Object.keys(FIELD_TYPES), path ? `file ${path}` : undefined);
    }
    out.set(key, {
      key,
      type,
      length: spec.length,
      regex: spec.regex ? new RegExp(spec.regex) : undefined,
      iregex: spec.iregex ? new RegExp(spec.iregex, 'i') : undefined,
    });
  }
  return out;
}

let packaged: Harmonization | undefined;

/** The copy that ships with the package; used when no site file exists. */
export function packagedHarmonization(): Harmonization {
  packaged ??= Harmonization.fromFile(PACKAGED_HARMONIZATION);
  return packaged;
}
