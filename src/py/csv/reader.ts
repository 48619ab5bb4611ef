/**
 * Python's `csv.reader` (not strict, no escape character). csv-parse cannot be
 * configured to match it: Python only honours a quote at the start of a field,
 * keeps text after a closing quote (`"ab"c` is `abc`), takes quotes in the
 * middle of unquoted fields literally, lets a quoted field span lines and
 * yields `[]` for blank lines.
 */
import { newlineLines } from './lines.ts';

/** `_csv.field_size_limit()` default. */
export const FIELD_SIZE_LIMIT = 131072;

export class CsvError extends Error {
  override name = 'csv.Error';
}

export interface CsvDialect {
  delimiter?: string;
  quotechar?: string;
  skipinitialspace?: boolean;
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

/** `csv.reader(lines, **dialect)` over physical lines that keep their terminators. */
export function* readCsv(lines: Iterable<string>, dialect: CsvDialect = {}): Generator<string[]> {
  const delimiter = dialect.delimiter ?? ',';
  const quote = dialect.quotechar ?? '"';
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
        else if (c === quote) state = S.InQuotedField;
        else if (c === ' ' && dialect.skipinitialspace) return;
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
        if (c === quote) state = S.QuoteInQuotedField;
        else add(c);
        return;
      case S.QuoteInQuotedField:
        if (c === quote) {
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

export interface CsvRecord {
  /** `[]` for an empty line (DictReader skips those). */
  cells: string[];
  /** The last physical line the record was read from, without its line break (upstream's `current_line`); '' when the input ended inside a quoted field. */
  lastLine: string;
}

/** `csv.reader(io.StringIO(text), **dialect)` with the line each record ended on. */
export function readCsvRecords(text: string, dialect: CsvDialect = {}): CsvRecord[] {
  let lastLine = '';
  const tracked = (function* () {
    for (const line of newlineLines(text)) {
      lastLine = line.replace(/\r?\n$/, '');
      yield line;
    }
    lastLine = '';
  })();
  const records: CsvRecord[] = [];
  for (const cells of readCsv(tracked, dialect)) records.push({ cells, lastLine });
  return records;
}
