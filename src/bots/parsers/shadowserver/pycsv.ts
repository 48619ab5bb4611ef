/**
 * Python's `csv` reader and writer (non-strict, no escape character), so that
 * feeds which upstream reads with `csv.reader`/`csv.DictReader` split exactly
 * the same way: quotes in the middle of unquoted fields are literal, text after
 * a closing quote is kept, a quoted field may span lines.
 */
export interface PyCsvDialect {
  delimiter?: string;
  quotechar?: string;
  skipinitialspace?: boolean;
}

export interface PyCsvRecord {
  /** `[]` for an empty line (DictReader skips those). */
  cells: string[];
  /** The last physical line the record was read from, without its line break (upstream's `current_line`). */
  lastLine: string;
}

type State = 'startRecord' | 'startField' | 'inField' | 'inQuoted' | 'quoteInQuoted';

/** Physical lines as `io.StringIO` iterates them: split after each `\n`. */
function physicalLines(text: string): string[] {
  const lines = text.split(/(?<=\n)/);
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export function readPyCsv(text: string, dialect: PyCsvDialect = {}): PyCsvRecord[] {
  const delimiter = dialect.delimiter ?? ',';
  const quote = dialect.quotechar ?? '"';
  const records: PyCsvRecord[] = [];
  let cells: string[] = [];
  let field = '';
  let state: State = 'startRecord';
  const endField = () => {
    cells.push(field);
    field = '';
  };
  for (const line of physicalLines(text)) {
    let recordDone = false;
    for (let i = 0; i <= line.length && !recordDone; i++) {
      // i === line.length stands for the end of the physical line.
      const c = i < line.length ? line[i]! : '';
      const eol = c === '' || c === '\n' || c === '\r';
      switch (state) {
        case 'startRecord':
          if (eol) {
            records.push({ cells: [], lastLine: line.replace(/\r?\n$/, '') });
            recordDone = true;
            break;
          }
          state = 'startField';
          i--;
          break;
        case 'startField':
          if (eol) {
            endField();
            recordDone = true;
          } else if (c === quote) state = 'inQuoted';
          else if (c === ' ' && dialect.skipinitialspace) break;
          else if (c === delimiter) endField();
          else {
            field += c;
            state = 'inField';
          }
          break;
        case 'inField':
          if (eol) {
            endField();
            recordDone = true;
          } else if (c === delimiter) {
            endField();
            state = 'startField';
          } else field += c;
          break;
        case 'inQuoted':
          if (c === '') break;
          if (c === quote) state = 'quoteInQuoted';
          else field += c;
          break;
        case 'quoteInQuoted':
          if (c === quote) {
            field += c;
            state = 'inQuoted';
          } else if (c === delimiter) {
            endField();
            state = 'startField';
          } else if (eol) {
            endField();
            recordDone = true;
          } else {
            field += c;
            state = 'inField';
          }
          break;
      }
    }
    if (recordDone) {
      if (state !== 'startRecord') records.push({ cells, lastLine: line.replace(/\r?\n$/, '') });
      cells = [];
      state = 'startRecord';
    }
  }
  if (state !== 'startRecord') {
    // Input ended inside a quoted field: Python keeps what it has.
    endField();
    records.push({ cells, lastLine: '' });
  }
  return records;
}

/** `csv.writer` with QUOTE_ALL (the `unix` dialect) and `\n` line endings. */
export function writePyCsvQuoteAll(cells: readonly string[], delimiter = ','): string {
  return `${cells.map((c) => `"${c.replace(/"/g, '""')}"`).join(delimiter)}\n`;
}
