/**
 * The Shadowserver report schema: data, not code. Shadowserver publishes it
 * (https://interchange.shadowserver.org/intelmq/v1/schema); sites keep a copy
 * in VAR_STATE_PATH and the parser reloads it when the file changes.
 */
import { copyFileSync, existsSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join, basename } from 'node:path';
import type { BotLogger } from '../../../bot/declaration.ts';
import { CONVERSIONS } from './conversions.ts';
import { dataFile } from '../../../data/files.ts';

export const SCHEMA_URL = 'https://interchange.shadowserver.org/intelmq/v1/schema';
export const SCHEMA_FILE_NAME = 'shadowserver-schema.json';
/** Upstream's test schema, shipped like upstream ships `schema.json.test`. */
export const BUNDLED_TEST_SCHEMA = dataFile('shadowserver-schema.json.test');

/** `[intelmq key | false, column, conversion?, conversion takes the row?]` */
export type FieldMapping = readonly [string | false | null, string, (string | null)?, boolean?];

export interface ReportSchema {
  readonly feed_name: string;
  readonly file_name: string;
  readonly required_fields: readonly FieldMapping[];
  readonly optional_fields?: readonly FieldMapping[];
  readonly constant_fields?: Readonly<Record<string, unknown>>;
}

export interface LoadedSchema {
  readonly path: string;
  readonly byFeedName: ReadonlyMap<string, ReportSchema>;
  readonly byFileName: ReadonlyMap<string, ReportSchema>;
  readonly version: string | undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkMappings(report: string, section: string, list: unknown): string | undefined {
  if (!Array.isArray(list)) return `report ${report}: ${section} is not a list`;
  for (const item of list) {
    if (!Array.isArray(item) || item.length < 2 || typeof item[1] !== 'string') return `report ${report}: invalid entry in ${section}: ${JSON.stringify(item)}`;
    if (typeof item[0] !== 'string' && item[0] !== false && item[0] !== null) return `report ${report}: invalid key in ${section}: ${JSON.stringify(item)}`;
    if (item[2] !== undefined && item[2] !== null && typeof item[2] !== 'string') return `report ${report}: invalid conversion in ${section}: ${JSON.stringify(item)}`;
  }
  return undefined;
}

/** Problems that make a document unusable as a schema (empty when it is fine). */
export function validateSchemaDocument(doc: unknown): string[] {
  if (!isObject(doc)) return ['the schema is not a JSON object'];
  const problems: string[] = [];
  for (const [name, report] of Object.entries(doc)) {
    if (name === '_meta') continue;
    if (!isObject(report)) {
      problems.push(`report ${name} is not an object`);
      continue;
    }
    if (typeof report['feed_name'] !== 'string' || typeof report['file_name'] !== 'string') problems.push(`report ${name}: feed_name and file_name must be strings`);
    for (const section of ['required_fields', 'optional_fields'] as const) {
      const p = checkMappings(name, section, report[section] ?? []);
      if (p) problems.push(p);
    }
    if (report['constant_fields'] !== undefined && !isObject(report['constant_fields'])) problems.push(`report ${name}: constant_fields is not an object`);
  }
  return problems;
}

/** Conversion functions the schema names that this parser does not know (lines using them fail). */
export function unknownConversions(reports: Iterable<ReportSchema>): string[] {
  const unknown = new Set<string>();
  for (const r of reports) {
    for (const item of [...r.required_fields, ...(r.optional_fields ?? [])]) {
      const conv = item[2];
      if (typeof conv === 'string' && !Object.hasOwn(CONVERSIONS, conv)) unknown.add(`${conv} (${r.file_name})`);
    }
  }
  return [...unknown];
}

function schemaVersion(doc: Record<string, unknown>): string | undefined {
  const meta = doc['_meta'];
  return isObject(meta) && typeof meta['date_created'] === 'string' ? meta['date_created'] : undefined;
}

export function loadSchemaFile(path: string, logger?: BotLogger): LoadedSchema {
  const doc = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  const problems = validateSchemaDocument(doc);
  if (problems.length) throw new Error(`Invalid Shadowserver schema ${path}: ${problems.join('; ')}`);
  const byFeedName = new Map<string, ReportSchema>();
  const byFileName = new Map<string, ReportSchema>();
  const reports = doc as Record<string, unknown>;
  for (const [name, report] of Object.entries(reports)) {
    if (name === '_meta') continue;
    const r = report as unknown as ReportSchema;
    byFeedName.set(r.feed_name, r);
    byFileName.set(r.file_name, r);
  }
  const version = schemaVersion(reports);
  if (logger) {
    const unknown = unknownConversions(byFeedName.values());
    if (unknown.length) logger.warning(`The Shadowserver schema names unknown conversion functions, lines using them will fail: ${unknown.join(', ')}.`);
    logger.info(`Loaded Shadowserver schema ${path}${version ? ` (version ${version})` : ''} with ${byFeedName.size} reports.`);
    const meta = reports['_meta'];
    if (isObject(meta) && Array.isArray(meta['change_log'])) for (const line of meta['change_log']) logger.debug(`Schema change log: ${String(line)}`);
  }
  return { path, byFeedName, byFileName, version };
}

export interface SchemaSource {
  /** The downloaded schema (VAR_STATE_PATH/shadowserver-schema.json by default). */
  schemaFile: string;
  /** Used in test mode and while no schema has been downloaded yet. */
  testSchemaFile: string;
  testMode: boolean;
}

/** Keeps the schema in memory and reloads it when the file on disk changes. */
export class SchemaStore {
  private loaded: LoadedSchema | undefined;
  private loadedMtime = -1;
  private warnedFallback = false;

  constructor(private readonly source: SchemaSource, private readonly logger: BotLogger) {}

  private chooseFile(): string {
    if (this.source.testMode) return this.source.testSchemaFile;
    if (existsSync(this.source.schemaFile)) return this.source.schemaFile;
    if (!this.warnedFallback) {
      this.warnedFallback = true;
      this.logger.warning(`Shadowserver schema ${this.source.schemaFile} not found, using the test schema ${this.source.testSchemaFile}. Download the schema with the update command.`);
    }
    return this.source.testSchemaFile;
  }

  current(): LoadedSchema {
    const path = this.chooseFile();
    const mtime = statSync(path).mtimeMs;
    if (!this.loaded || this.loaded.path !== path || mtime !== this.loadedMtime) {
      this.loaded = loadSchemaFile(path, this.logger);
      this.loadedMtime = mtime;
    }
    return this.loaded;
  }
}

/**
 * Downloads the schema to `dest`: the JSON is validated before it replaces the
 * old file atomically (the old one is kept as `<dest>.bak`). Resolves true when
 * a new version was installed, false when the current one is up to date.
 */
export async function updateShadowserverSchema(url: string = SCHEMA_URL, dest: string, logger?: BotLogger): Promise<boolean> {
  logger?.info(`Downloading the Shadowserver schema from ${url}.`);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Failed to download ${url}: HTTP ${response.status}.`);
  const text = await response.text();
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new Error(`The schema downloaded from ${url} is not valid JSON: ${(e as Error).message}`);
  }
  const problems = validateSchemaDocument(doc);
  if (problems.length) throw new Error(`The schema downloaded from ${url} is not valid: ${problems.join('; ')}`);
  const newVersion = schemaVersion(doc as Record<string, unknown>);
  if (existsSync(dest)) {
    let oldText: string | undefined;
    try {
      oldText = readFileSync(dest, 'utf8');
      const oldVersion = schemaVersion(JSON.parse(oldText) as Record<string, unknown>);
      if (oldText === text || (newVersion !== undefined && newVersion === oldVersion)) {
        logger?.info(`The Shadowserver schema ${dest} is up to date${newVersion ? ` (version ${newVersion})` : ''}.`);
        return false;
      }
    } catch {
      // An unreadable old file is simply replaced.
    }
  }
  const tmp = join(dirname(dest), `.${basename(dest)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, text, { mode: 0o644 });
    if (existsSync(dest)) copyFileSync(dest, `${dest}.bak`);
    renameSync(tmp, dest);
  } catch (e) {
    if (existsSync(tmp)) unlinkSync(tmp);
    throw e;
  }
  logger?.info(`Installed Shadowserver schema ${dest}${newVersion ? ` version ${newVersion}` : ''}.`);
  return true;
}
