import { defineParser } from '../../../bot/declaration.ts';
import { reportText } from '../../../bot/parse-helpers.ts';
import type { ParseState } from '../../../bot/parse-state.ts';
import type { Report } from '../../../message/index.ts';
import { pyStrip } from '../../../message/types/py.ts';
import { GENERIC_CSV_PARAMETERS, resolveGenericCsvConfig, type GenericCsvConfig } from './config.ts';
import { lineEndingOf, universalLines } from '../../../py/csv/lines.ts';
import { readCsv } from '../../../py/csv/reader.ts';
import { writeCsvRow } from '../../../py/csv/writer.ts';
import { rowToEvent } from './row.ts';

/**
 * Upstream's clean-up before reading: NULs go, then comment lines (`#` after
 * optional blanks), then leading blanks of every line and blank lines. Only
 * `\n` starts a line for these patterns, as in Python's `(?m)^`.
 */
export function stripComments(text: string): string {
  return text
    .replace(/\0/g, '')
    .replace(/(?<![^\n])[ \t]*#[^\n]*\n?/g, '')
    .replace(/(?<![^\n])[ \t]*\n?/g, '');
}

/** Rows to parse, after the header lines (kept in `tempdata` for `raw`) and the text filter. */
function* csvRows(report: Report, state: ParseState, cfg: GenericCsvConfig): Iterable<string[]> {
  const text = stripComments(reportText(report));
  state.lineEnding = lineEndingOf(text);
  const lines = universalLines(text);
  for (let i = 0; i < cfg.skipHeader; i++) state.tempdata.push(pyStrip(lines[i] ?? ''));
  for (const row of readCsv(lines.slice(cfg.skipHeader), { delimiter: cfg.delimiter })) {
    // Python's csv gives [] for a blank line; the parser loop skips empty records.
    if (row.length === 0) continue;
    if (cfg.filter && row.join(cfg.delimiter).includes(cfg.filter.text) !== cfg.filter.whitelist) continue;
    yield row;
  }
}

/** `recover_line_csv`: header lines plus the row re-encoded with the report's line ending. */
function recoverRow(row: readonly string[], state: ParseState): string {
  return [...state.tempdata, writeCsvRow(row, state.lineEnding)].join(state.lineEnding);
}

export const bot = defineParser({
  module: 'intelmq.bots.parsers.generic.parser_csv',
  name: 'Generic CSV',
  description: 'Parses CSV data with a configurable column mapping. Lines starting with # are skipped, headers are not interpreted; URLs without protocol get a default one.',
  parameters: GENERIC_CSV_PARAMETERS,
  check(params) {
    try {
      resolveGenericCsvConfig(params);
      return [];
    } catch (e) {
      return [{ level: 'error', message: (e as Error).message }];
    }
  },
  create(ctx) {
    const cfg = resolveGenericCsvConfig(ctx.params);
    return {
      parse: (report: Report, state: ParseState) => csvRows(report, state, cfg),
      parseLine(row: string[], report: Report, state: ParseState) {
        return rowToEvent(ctx.newEvent(report), row, cfg, recoverRow(row, state));
      },
      recoverLine: recoverRow,
    };
  },
});
