/** Python's `csv.writer`, so that rows we re-encode come out byte-identical to upstream's. */

const QUOTE = '"';

/** `csv.writer(out, lineterminator=lineEnding).writerow(row)` with the excel dialect (QUOTE_MINIMAL). */
export function writeCsvRow(row: readonly unknown[], lineEnding: string): string {
  const cells = row.map((v) => (v === null || v === undefined ? '' : String(v)));
  // A lone empty field is quoted so the row does not read back as a blank line.
  if (cells.length === 1 && cells[0] === '') return `""${lineEnding}`;
  const special = needsQuotes(lineEnding);
  return cells.map((cell) => (special.test(cell) ? `"${cell.replaceAll(QUOTE, '""')}"` : cell)).join(',') + lineEnding;
}

const quoteTriggers = new Map<string, RegExp>();

/** The characters that make Python quote a cell: the delimiter, the quote, CR, LF and those of the line terminator. */
function needsQuotes(lineEnding: string): RegExp {
  let re = quoteTriggers.get(lineEnding);
  if (!re) {
    const extra = [...lineEnding].map((ch) => `\\u{${ch.codePointAt(0)!.toString(16)}}`).join('');
    re = new RegExp(`[,"\\r\\n${extra}]`, 'u');
    quoteTriggers.set(lineEnding, re);
  }
  return re;
}

/** `csv.writer` with QUOTE_ALL (the `unix` dialect) and `\n` line endings. */
export function writeCsvRowQuoteAll(cells: readonly string[], delimiter = ','): string {
  return `${cells.map((c) => `"${c.replace(/"/g, '""')}"`).join(delimiter)}\n`;
}
