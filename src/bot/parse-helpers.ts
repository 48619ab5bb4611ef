/**
 * The ways upstream parsers split a report (`parse`, `parse_csv`,
 * `parse_csv_dict`, `parse_json`, `parse_json_stream`) and rebuild a failed
 * record for the dump (`recover_line*`). A parser spreads one of these pairs
 * into its instance.
 */
import { parse as parseCsvSync, type Options as CsvParseOptions } from 'csv-parse/sync';
import { stringify as stringifyCsv } from 'csv-stringify/sync';
import { base64Decode } from '../message/types/index.ts';
import { pyJsonDumps } from '../message/pyjson.ts';
import type { Report } from '../message/index.ts';
import type { ParseState } from './parse-state.ts';

export function reportText(report: Report): string {
  return base64Decode(String(report.get('raw') ?? ''));
}

/** Python `str.splitlines()` line boundaries. */
const SPLITLINES = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/;

export function splitlines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(SPLITLINES);
  if (lines.length && lines[lines.length - 1] === '' && SPLITLINES.test(text.slice(-2))) lines.pop();
  return lines;
}

function detectLineEnding(text: string): string {
  const crlf = text.includes('\r\n');
  const lf = /(^|[^\r])\n/.test(text);
  if (crlf && !lf) return '\r\n';
  if (lf && !crlf) return '\n';
  return '\r\n';
}

export interface LineParsingOptions {
  /** Lines starting with any of these prefixes are skipped (comments). */
  ignoreLinesStarting?: readonly string[];
}

/** Upstream's default `parse`: decoded text, split into stripped lines. */
export function lineParsing(opts: LineParsingOptions = {}) {
  const ignore = opts.ignoreLinesStarting ?? [];
  return {
    *parse(report: Report, state: ParseState): Iterable<string> {
      const lines = splitlines(reportText(report));
      state.firstLine = lines[0]?.trim();
      for (const raw of lines) {
        const line = raw.trim();
        if (ignore.some((p) => line.startsWith(p))) continue;
        state.currentLine = line;
        yield line;
      }
    },
    recoverLine(line: string | undefined, state: ParseState): string {
      return [...state.tempdata, line ?? state.currentLine ?? ''].join('\n');
    },
  };
}

export interface CsvOptions {
  delimiter?: string;
  quote?: string | false;
  escape?: string;
  ignoreLinesStarting?: readonly string[];
  /** Remove these prefix characters from each line before reading (e.g. a leading `#` header marker). */
  skipInitialSpace?: boolean;
}

function csvReadOptions(opts: CsvOptions): CsvParseOptions {
  return {
    delimiter: opts.delimiter ?? ',',
    quote: opts.quote === false ? null : (opts.quote ?? '"'),
    escape: opts.escape ?? opts.quote ?? '"',
    relax_column_count: true,
    relax_quotes: true,
    ltrim: opts.skipInitialSpace ?? false,
    skip_empty_lines: true,
    raw: true,
  } as CsvParseOptions;
}

function prepareCsvText(report: Report, state: ParseState, opts: CsvOptions): string {
  let text = reportText(report).trim().replace(/\0/g, '');
  state.lineEnding = detectLineEnding(text);
  if (opts.ignoreLinesStarting?.length) {
    const ignore = opts.ignoreLinesStarting;
    text = splitlines(text).filter((l) => !ignore.some((p) => l.startsWith(p))).join('\n');
  }
  state.firstLine = splitlines(text)[0]?.trim();
  return text;
}

function readCsvRecords(text: string, opts: CsvOptions): Array<{ record: string[]; raw: string }> {
  return parseCsvSync(text, csvReadOptions(opts)) as Array<{ record: string[]; raw: string }>;
}

function writeCsvRow(row: readonly unknown[], opts: CsvOptions, lineEnding: string): string {
  return stringifyCsv([row.map((c) => (c === null || c === undefined ? '' : String(c)))], {
    delimiter: opts.delimiter ?? ',',
    quote: opts.quote === false ? '' : (opts.quote ?? '"'),
    record_delimiter: lineEnding,
    quoted_match: /[\r\n]/,
  });
}

/** `parse_csv`: rows as arrays of strings. */
export function csvParsing(opts: CsvOptions = {}) {
  return {
    *parse(report: Report, state: ParseState): Iterable<string[]> {
      for (const { record, raw } of readCsvRecords(prepareCsvText(report, state, opts), opts)) {
        state.currentLine = raw.replace(/\r?\n$/, '');
        yield record;
      }
    },
    recoverLine(row: readonly string[] | undefined, state: ParseState): string {
      const line = row ? writeCsvRow(row, opts, state.lineEnding) : `${state.currentLine ?? ''}${state.lineEnding}`;
      return [...state.tempdata.map((t) => `${t}${state.lineEnding}`), line].join('');
    },
  };
}

/** `parse_csv_dict`: rows as objects keyed by the header row. */
export function csvDictParsing(opts: CsvOptions & { fieldnames?: readonly string[] } = {}) {
  return {
    *parse(report: Report, state: ParseState): Iterable<Record<string, string>> {
      const records = readCsvRecords(prepareCsvText(report, state, opts), opts);
      let start = 0;
      let names = opts.fieldnames ? [...opts.fieldnames] : undefined;
      if (!names) {
        names = records[0]?.record ?? [];
        start = 1;
      }
      state.csvFieldnames = names;
      for (let i = start; i < records.length; i++) {
        const { record, raw } = records[i]!;
        state.currentLine = raw.replace(/\r?\n$/, '');
        const obj: Record<string, string> = {};
        names.forEach((n, j) => {
          obj[n] = record[j] ?? '';
        });
        yield obj;
      }
    },
    recoverLine(row: Record<string, string> | undefined, state: ParseState): string {
      const names = state.csvFieldnames ?? [];
      const header = writeCsvRow(names, opts, '\r\n');
      const body = row ? writeCsvRow(names.map((n) => row[n]), opts, '\r\n') : `${state.currentLine ?? ''}\r\n`;
      return `${header}${body}`.trim();
    },
  };
}

/** `parse_json`: the document is a JSON list; each item is a record. */
export function jsonParsing() {
  return {
    *parse(report: Report): Iterable<unknown> {
      const doc = JSON.parse(reportText(report)) as unknown;
      if (!Array.isArray(doc)) throw new TypeError('The JSON document is not a list.');
      yield* doc;
    },
    recoverLine(item: unknown): string {
      return pyJsonDumps([item]);
    },
  };
}

/** `parse_json_stream`: one JSON document per line. */
export function jsonStreamParsing() {
  return {
    *parse(report: Report, state: ParseState): Iterable<string> {
      for (const line of splitlines(reportText(report))) {
        if (!line.trim()) continue;
        state.currentLine = line;
        yield line;
      }
    },
    recoverLine(line: string | undefined, state: ParseState): string {
      return line ?? state.currentLine ?? '';
    },
  };
}
