/** Per-report state of a parser: context lines for the dump and the line being parsed. */
export interface ParseState {
  /** Header/context lines that `recoverLine` prepends (reset for each report). */
  tempdata: string[];
  /** The raw text of the record being parsed. */
  currentLine: string | undefined;
  /** First line of the document, kept for the CSV header in dumps. */
  firstLine: string | undefined;
  /** Column names of a CSV-with-header document. */
  csvFieldnames: string[] | undefined;
  /** Line ending detected in the document (`\n`, `\r\n`). */
  lineEnding: string;
  /** Free slot for a parser's own per-report data. */
  custom: Record<string, unknown>;
}

export function newParseState(): ParseState {
  return { tempdata: [], currentLine: undefined, firstLine: undefined, csvFieldnames: undefined, lineEnding: '\r\n', custom: {} };
}
