/**
 * Reading configuration files the way upstream `load_configuration` does:
 * YAML 1.2 (a superset of JSON), re-read as JSON when the YAML scanner trips
 * over TAB indentation (old JSON files indented with tabs), empty file = null.
 * Unlike upstream, syntax problems come back as located diagnostics.
 */
import { readFileSync } from 'node:fs';
import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import { jsonErrorOffset } from './json-position.ts';
import { ConfigFileError, DiagnosticCode, hasErrors, lineColumnAt, type Diagnostic } from './diagnostics.ts';

export interface LoadedFile {
  readonly file: string;
  readonly text: string;
  /** Parsed content; `null` for an empty file or when errors prevented parsing. */
  readonly value: unknown;
  readonly format: 'yaml' | 'json';
  readonly diagnostics: readonly Diagnostic[];
  /** Resolves a key path to its position in the source; undefined for JSON or unknown paths. */
  locate(path: readonly string[]): { line: number; column: number } | undefined;
}

const TAB_ERROR_CODES = new Set(['TAB_AS_INDENT']);

/** Parses JSON text; a syntax error is reported with 1-based line and column. */
export function parseJsonText(text: string, file: string): { value: unknown; diagnostics: Diagnostic[] } {
  try {
    return { value: JSON.parse(text), diagnostics: [] };
  } catch (err) {
    const raw = err instanceof Error ? err.message : String(err);
    const match = /at position (\d+)/.exec(raw);
    const scanned = match ? Number(match[1]) : jsonErrorOffset(text);
    const offset = scanned < 0 ? text.length : scanned;
    const { line, column } = lineColumnAt(text, offset);
    const reason = raw.replace(/ in JSON at position \d+.*$/, '').replace(/ \(line \d+ column \d+\)$/, '');
    return {
      value: null,
      diagnostics: [{ level: 'error', code: DiagnosticCode.JSON_SYNTAX, file, line, column, message: `Invalid JSON in '${file}' at line ${line}, column ${column}: ${reason}.` }],
    };
  }
}

function readText(file: string): { text: string } | { diagnostic: Diagnostic } {
  try {
    return { text: readFileSync(file, 'utf8') };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      return { diagnostic: { level: 'error', code: DiagnosticCode.FILE_NOT_FOUND, file, message: `File not found: '${file}'.` } };
    }
    return { diagnostic: { level: 'error', code: DiagnosticCode.FILE_UNREADABLE, file, message: `Could not read '${file}': ${(err as Error).message}.` } };
  }
}

function locateIn(doc: Document.Parsed, counter: LineCounter, path: readonly string[]): { line: number; column: number } | undefined {
  let node: unknown = doc.contents;
  let position: { line: number; column: number } | undefined;
  for (const key of path) {
    if (!isMap(node)) return undefined;
    const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === key);
    if (!pair || !isScalar(pair.key) || !pair.key.range) return undefined;
    const pos = counter.linePos(pair.key.range[0]);
    position = { line: pos.line, column: pos.col };
    node = pair.value;
  }
  return position;
}

function firstLine(message: string): string {
  return message.split('\n', 1)[0] ?? message;
}

/** Reads and parses a configuration file; never throws for content problems. */
export function readConfigurationFile(file: string): LoadedFile {
  const read = readText(file);
  if ('diagnostic' in read) {
    return { file, text: '', value: null, format: 'yaml', diagnostics: [read.diagnostic], locate: () => undefined };
  }
  const { text } = read;
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: true });
  if (doc.errors.some((e) => TAB_ERROR_CODES.has(e.code))) {
    const json = parseJsonText(text, file);
    const diagnostics = json.diagnostics.map((d) => ({ ...d, message: `${d.message} (read as JSON because the YAML parser found TAB indentation)` }));
    return { file, text, value: json.value, format: 'json', diagnostics, locate: () => undefined };
  }
  const diagnostics: Diagnostic[] = [];
  for (const e of doc.errors) {
    const pos = e.linePos?.[0];
    diagnostics.push({
      level: 'error',
      code: DiagnosticCode.YAML_SYNTAX,
      file,
      ...(pos ? { line: pos.line, column: pos.col } : {}),
      message: `Invalid YAML in '${file}': ${firstLine(e.message)}`,
    });
  }
  for (const w of doc.warnings) {
    const pos = w.linePos?.[0];
    diagnostics.push({
      level: 'warning',
      code: DiagnosticCode.YAML_WARNING,
      file,
      ...(pos ? { line: pos.line, column: pos.col } : {}),
      message: `YAML warning in '${file}': ${firstLine(w.message)}`,
    });
  }
  const value = hasErrors(diagnostics) ? null : (doc.toJS({ maxAliasCount: 1000 }) as unknown);
  return { file, text, value: value ?? null, format: 'yaml', diagnostics, locate: (path) => locateIn(doc, counter, path) };
}

/** Upstream `load_configuration`: the parsed content, or a ConfigFileError naming file, line and column. */
export function loadConfiguration(file: string): unknown {
  const loaded = readConfigurationFile(file);
  if (hasErrors(loaded.diagnostics)) throw new ConfigFileError(loaded.diagnostics);
  return loaded.value;
}
