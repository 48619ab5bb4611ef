/**
 * Python's `csv` module (excel dialect) as the generic CSV parser uses it.
 * csv-parse cannot be configured to match it: Python only honours a quote at
 * the start of a field, keeps text after a closing quote (`"ab"c` is `abc`),
 * yields `[]` for blank lines and reads a file opened with `newline=''`, where
 * `\r`, `\n` and `\r\n` all end a physical line. Rows re-encoded for `raw`
 * must also come out byte-identical to `csv.writer`.
 */

/** `_csv.field_size_limit()` default. */
export const FIELD_SIZE_LIMIT = 131072;

export class CsvError extends Error {
  override name = 'csv.Error';
}

/** Physical lines with their terminators, as iterating `io.StringIO(text, newline='')` gives them. */
export function universalLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      lines.push(text.slice(start, i + 1));
      start = i + 1;
    }
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}

/**
 * The `newlines` attribute of `io.StringIO(text, newline='')`: the one line
 * ending the text uses, or the csv default `\r\n` when it has none or mixes them.
 */
export function lineEndingOf(text: string): string {
  const seen = new Set<string>();
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\r' && text[i + 1] === '\n') {
      seen.add('\r\n');
      i++;
    } else if (c === '\r' || c === '\n') {
      seen.add(c);
    }
  }
  return seen.size === 1 ? [...seen][0]! : '\r\n';
}

const enum S {
  StartRecord,
  StartField,
  InField,
  InQuotedField,
  QuoteInQuotedField,
  EatCrnl,
}

const EOL = null;
const QUOTE = '"';

/** `csv.reader(lines, delimiter=delimiter)`: doublequote on, no escape char, not strict. */
export function* readCsv(lines: Iterable<string>, delimiter: string): Generator<string[]> {
  if ([...delimiter].length !== 1) throw new TypeError('"delimiter" must be a 1-character string');
  let fields: string[] = [];
  let field = '';
  let state = S.StartRecord;
  const save = () => {
    fields.push(field);
    field = '';
  };
  const add = (c: string) => {
    if (field.length >= FIELD_SIZE_LIMIT) throw new CsvError(`field larger than field limit (${FIELD_SIZE_LIMIT})`);
    field += c;
  };
  const endLine = (c: string | null) => {
    save();
    state = c === EOL ? S.StartRecord : S.EatCrnl;
  };
  const step = (c: string | null): void => {
    switch (state) {
      case S.StartRecord:
        if (c === EOL) return;
        if (c === '\n' || c === '\r') {
          state = S.EatCrnl;
          return;
        }
        state = S.StartField;
        step(c);
        return;
      case S.StartField:
        if (c === EOL || c === '\n' || c === '\r') endLine(c);
        else if (c === QUOTE) state = S.InQuotedField;
        else if (c === delimiter) save();
        else {
          add(c);
          state = S.InField;
        }
        return;
      case S.InField:
        if (c === EOL || c === '\n' || c === '\r') endLine(c);
        else if (c === delimiter) {
          save();
          state = S.StartField;
        } else add(c);
        return;
      case S.InQuotedField:
        if (c === EOL) return;
        if (c === QUOTE) state = S.QuoteInQuotedField;
        else add(c);
        return;
      case S.QuoteInQuotedField:
        if (c === QUOTE) {
          add(c);
          state = S.InQuotedField;
        } else if (c === delimiter) {
          save();
          state = S.StartField;
        } else if (c === EOL || c === '\n' || c === '\r') endLine(c);
        else {
          add(c);
          state = S.InField;
        }
        return;
      case S.EatCrnl:
        if (c === EOL) state = S.StartRecord;
        else if (c !== '\n' && c !== '\r') throw new CsvError("new-line character seen in unquoted field - do you need to open the file with newline=''?");
    }
  };
  const it = lines[Symbol.iterator]();
  for (;;) {
    fields = [];
    field = '';
    state = S.StartRecord;
    do {
      const next = it.next();
      if (next.done) {
        if (field.length === 0 && (state as S) !== S.InQuotedField) return;
        save();
        break;
      }
      for (const c of next.value) step(c);
      step(EOL);
    } while (state !== S.StartRecord);
    yield fields;
  }
}

/** `csv.writer(out, lineterminator=lineEnding).writerow(row)` with the excel dialect (QUOTE_MINIMAL). */
export function writeCsvRow(row: readonly unknown[], lineEnding: string): string {
  const cells = row.map((v) => (v === null || v === undefined ? '' : String(v)));
  // A lone empty field is quoted so the row does not read back as a blank line.
  if (cells.length === 1 && cells[0] === '') return `""${lineEnding}`;
  const special = (ch: string) => ch === ',' || ch === QUOTE || ch === '\r' || ch === '\n' || lineEnding.includes(ch);
  return cells.map((cell) => ([...cell].some(special) ? `"${cell.replaceAll(QUOTE, '""')}"` : cell)).join(',') + lineEnding;
}
