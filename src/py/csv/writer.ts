/** Python's `csv.writer`, so that rows we re-encode come out byte-identical to upstream's. */

const QUOTE = '"';

/** `csv.writer(out, lineterminator=lineEnding).writerow(row)` with the excel dialect (QUOTE_MINIMAL). */
export function writeCsvRow(row: readonly unknown[], lineEnding: string): string {
  const cells = row.map((v) => (v === null || v === undefined ? '' : String(v)));
  // A lone empty field is quoted so the row does not read back as a blank line.
  if (cells.length === 1 && cells[0] === '') return `""${lineEnding}`;
  const special = (ch: string) => ch === ',' || ch === QUOTE || ch === '\r' || ch === '\n' || lineEnding.includes(ch);
  return cells.map((cell) => ([...cell].some(special) ? `"${cell.replaceAll(QUOTE, '""')}"` : cell)).join(',') + lineEnding;
}

/** `csv.writer` with QUOTE_ALL (the `unix` dialect) and `\n` line endings. */
export function writeCsvRowQuoteAll(cells: readonly string[], delimiter = ','): string {
  return `${cells.map((c) => `"${c.replace(/"/g, '""')}"`).join(delimiter)}\n`;
}
