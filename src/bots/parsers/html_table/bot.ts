import { Type, type Static } from '@sinclair/typebox';
import { defineParser } from '../../../bot/declaration.ts';
import { reportText } from '../../../bot/parse-helpers.ts';
import type { ParseState } from '../../../bot/parse-state.ts';
import { pyRepr, type Event, type Report } from '../../../message/index.ts';
import { convertDateTime, validateTimeFormat } from '../../../message/types/index.ts';
import { pyIntFromText, pyStrip, pyTruthy } from '../../../message/types/py.ts';
import { attributeMatches, findAll, outerHtml, parseHtml, textOf, type SoupElement } from './soup.ts';

// Null comes first in nullable unions: with Ajv's type coercion a String branch before it turns null into "".
const PARAMETERS = Type.Object({
  columns: Type.Union([Type.String(), Type.Array(Type.String())], {
    default: ['', 'source.fqdn'],
    description: 'Harmonization field per cell (list, or comma-separated string); `a|b` tries the keys in order, `__IGNORE__` or empty skips the cell.',
  }),
  ignore_values: Type.Union([Type.Null(), Type.String(), Type.Array(Type.String())], {
    default: null,
    description: 'Per column, a cell value that is skipped (list, or comma-separated string; same length as columns).',
  }),
  skip_table_head: Type.Boolean({ default: true, description: 'Skip the first row of the table.' }),
  attribute_name: Type.String({ default: '', description: 'Only tables with this attribute (e.g. class, id, style) …' }),
  attribute_value: Type.String({ default: '', description: '… having this value (empty: also tables without the attribute).' }),
  table_index: Type.Integer({ default: 0, description: 'Index of the table among those found (after the attribute filter).' }),
  split_column: Type.String({ default: '', description: 'Field whose cell is split with split_separator …' }),
  split_separator: Type.Union([Type.Null(), Type.String()], { default: null, description: '… (null: runs of whitespace) …' }),
  split_index: Type.Integer({ default: 0, description: '… keeping the part at this index.' }),
  default_url_protocol: Type.String({ default: 'http://', description: 'Prefix for values of *.url fields that lack "://".' }),
  time_format: Type.Union([Type.Null(), Type.String()], { default: null, description: 'How time.source/time.destination are read (timestamp, windows_nt, epoch_millis, from_format|FMT, …; null: fuzzy).' }),
  type: Type.Union([Type.Null(), Type.String()], { default: 'c2-server', description: 'classification.type for events that have none.' }),
  html_parser: Type.String({ default: 'html.parser', description: "BeautifulSoup parser name upstream; the tree is always built with html.parser's rules." }),
});

type Params = Static<typeof PARAMETERS>;

interface TableConfig {
  columns: string[];
  ignoreValues: string[];
  timeFormat: string | null;
}

const commaList = (v: string | readonly string[]) => (typeof v === 'string' ? v.split(',').map(pyStrip) : [...v]);

function resolveConfig(p: Params): TableConfig {
  const columns = commaList(p.columns);
  const ignoreValues = p.ignore_values === null ? columns.map(() => '') : commaList(p.ignore_values);
  if (columns.length !== ignoreValues.length) throw new Error("Length of parameters 'columns' and 'ignore_values' is not equal.");
  const timeFormat = p.time_format || null;
  if (timeFormat !== null) validateTimeFormat(timeFormat);
  return { columns, ignoreValues, timeFormat };
}

function indexError(): Error {
  const e = new Error('list index out of range');
  e.name = 'IndexError';
  return e;
}

/** Python `seq[i]`, negative indices counting from the end. */
function pyIndex<T>(seq: readonly T[], i: number): T {
  const j = i < 0 ? seq.length + i : i;
  if (j < 0 || j >= seq.length) throw indexError();
  return seq[j]!;
}

/** Python `str.split(sep)`; `null` splits on runs of whitespace. */
function pySplit(s: unknown, sep: string | null): string[] {
  if (typeof s !== 'string') throw new TypeError(`'${typeof s}' object has no attribute 'split'`);
  if (sep === null) return pyStrip(s).split(/[\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/u).filter(Boolean);
  if (sep === '') throw new Error('empty separator');
  return s.split(sep);
}

/** Upstream reads a report in one go: the first failing row ends it and the whole report is dumped. */
interface TableState {
  failed?: boolean;
  text?: string;
}

const tableState = (state: ParseState) => state.custom as TableState;

export const bot = defineParser({
  module: 'intelmq.bots.parsers.html_table.parser',
  name: 'HTML Table',
  description: 'Parses the rows of a table in an HTML document into events, one cell per configured column.',
  parameters: PARAMETERS,
  check(params) {
    try {
      resolveConfig(params);
      return [];
    } catch (e) {
      return [{ level: 'error', message: (e as Error).message }];
    }
  },
  create(ctx) {
    const p = ctx.params;
    const cfg = resolveConfig(p);
    const log = ctx.logger;
    if (p.html_parser !== 'html.parser') log.warning(`html_parser '${p.html_parser}': the document is parsed with html.parser's rules.`);

    /** Offers a cell to its column's keys; true when one took it, false when the row gained nothing from it. */
    const addCell = (event: Event, keygroup: string, cell: string): boolean => {
      const keys = keygroup.split('|');
      let data: unknown = cell;
      for (const key of keys) {
        if (data === '' || key === '__IGNORE__' || key === '') return false;
        if (p.split_column && key === p.split_column) data = pyStrip(pyIndex(pySplit(data, p.split_separator), p.split_index));
        if (key === 'time.source' || key === 'time.destination') {
          const n = typeof data === 'string' ? pyIntFromText(data) : null;
          data = convertDateTime(n ?? data, cfg.timeFormat);
        } else if (key.endsWith('.url')) {
          if (!pyTruthy(data)) continue;
          if (!String(data).includes('://')) data = p.default_url_protocol + String(data);
        }
        if (event.add(key, data, { raiseFailure: false }) === true) return true;
      }
      throw new Error(`Could not add value ${pyRepr(data)} to ${pyRepr(keys)}, all invalid.`);
    };

    return {
      *parse(report: Report, state: ParseState): Iterable<SoupElement> {
        const text = reportText(report);
        tableState(state).text = text;
        const root = parseHtml(text);
        let tables: SoupElement[];
        if (p.attribute_name) {
          tables = findAll(root, 'table', (el) => attributeMatches(el, p.attribute_name, p.attribute_value));
          log.debug(`Found ${tables.length} table(s) by attribute ${pyRepr(p.attribute_name)}: ${pyRepr(p.attribute_value)}.`);
        } else {
          tables = findAll(root, 'table');
          log.debug(`Found ${tables.length} table(s).`);
        }
        const rows = findAll(pyIndex(tables, p.table_index), 'tr').slice(p.skip_table_head ? 1 : 0);
        log.debug(`Handling ${rows.length} row(s).`);
        yield* rows;
      },
      parseLine(row: SoupElement, report: Report, state: ParseState): Event | null {
        const st = tableState(state);
        if (st.failed) return null;
        st.failed = true;
        const event = ctx.newEvent(report);
        const cells = findAll(row, 'td').map(textOf);
        const n = Math.min(cfg.columns.length, cells.length, cfg.ignoreValues.length);
        let added = false;
        for (let i = 0; i < n; i++) {
          const cell = pyStrip(cells[i]!);
          if (cell === cfg.ignoreValues[i]) continue;
          if (addCell(event, cfg.columns[i]!, cell)) added = true;
        }
        st.failed = false;
        if (!added) return null;
        if (p.type !== null && !event.has('classification.type')) event.add('classification.type', p.type);
        event.add('raw', outerHtml(row));
        return event;
      },
      recoverLine(_row: SoupElement, state: ParseState): string {
        return tableState(state).text ?? '';
      },
    };
  },
});
