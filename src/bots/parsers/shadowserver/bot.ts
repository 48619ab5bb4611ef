import { join } from 'node:path';
import { Type } from '@sinclair/typebox';
import { defineParser } from '../../../bot/declaration.ts';
import { reportText } from '../../../bot/parse-helpers.ts';
import type { ParseState } from '../../../bot/parse-state.ts';
import type { Report } from '../../../message/index.ts';
import { mapRow } from './mapping.ts';
import { readCsvRecords } from '../../../py/csv/reader.ts';
import { writeCsvRowQuoteAll } from '../../../py/csv/writer.ts';
import { BUNDLED_TEST_SCHEMA, SCHEMA_FILE_NAME, SCHEMA_URL, SchemaStore, updateShadowserverSchema, type ReportSchema } from './schema.ts';

export { updateShadowserverSchema, SCHEMA_URL, SCHEMA_FILE_NAME } from './schema.ts';

/** `2019-01-01-scan_http-country-geo.csv` → `scan_http` (the date prefix is optional). */
const FILE_NAME_RE = /^(?:\d{4}-\d{2}-\d{2}-)?(\w+)(-\w+)*\.csv$/;

type Row = Record<string, string | null>;

/** A CSV record and the text line it was read from (for `raw` and dumps). */
interface CsvRecord {
  row: Row;
  line: string;
}

interface CurrentReport {
  schema: ReportSchema;
  feedName: string;
  fieldnames: string[];
}

// Null first: with Ajv's type coercion a String-first union turns null into ''.
const nullableString = (description: string) => Type.Union([Type.Null(), Type.String()], { default: null, description });

export const bot = defineParser({
  module: 'intelmq.bots.parsers.shadowserver.parser',
  name: 'Shadowserver',
  description: 'Parses all Shadowserver CSV reports; the report type comes from extra.file_name (or the feedname parameter) and the mapping from the Shadowserver schema.',
  parameters: Type.Object({
    feedname: nullableString('Fixed report (feed) name to use; null: detect the report from the file name in extra.file_name.'),
    overwrite: Type.Boolean({ default: false, description: "Replace the report's feed.name with the Shadowserver feed name." }),
    auto_update: Type.Boolean({ default: false, description: 'Download the latest schema when the bot starts.' }),
    test_mode: Type.Boolean({ default: false, description: 'Use the test schema instead of the downloaded one.' }),
    schema_file: nullableString(`Path of the downloaded schema; null: VAR_STATE_PATH/${SCHEMA_FILE_NAME}.`),
    test_schema_file: nullableString('Path of the test schema; null: the one shipped with the bot.'),
  }),
  async create(ctx) {
    const p = ctx.params;
    const schemaFile = p.schema_file || join(ctx.paths.varStatePath, SCHEMA_FILE_NAME);
    if (p.auto_update && !p.test_mode) {
      try {
        await updateShadowserverSchema(SCHEMA_URL, schemaFile, ctx.logger);
      } catch (e) {
        ctx.logger.error(`Schema update failed, going on with the current schema: ${(e as Error).message}`);
      }
    }
    const store = new SchemaStore({ schemaFile, testSchemaFile: p.test_schema_file || BUNDLED_TEST_SCHEMA, testMode: p.test_mode }, ctx.logger);
    const fixedFeed = p.feedname || undefined;
    if (fixedFeed !== undefined) {
      if (store.current().byFeedName.has(fixedFeed)) ctx.logger.info(`Using fixed feed name '${fixedFeed}' for parsing reports.`);
      else ctx.logger.info(`Could not determine the feed by the feed name '${fixedFeed}' given by parameter. Will determine the feed from the file names.`);
    }

    function reportSchema(report: Report): { schema: ReportSchema; feedName: string } {
      const schemas = store.current();
      const fixed = fixedFeed !== undefined ? schemas.byFeedName.get(fixedFeed) : undefined;
      if (fixed) return { schema: fixed, feedName: fixedFeed! };
      const fileName = report.get('extra.file_name');
      if (!fileName) {
        throw new Error("No feedname given as parameter and the processed report has no 'extra.file_name'. Ensure that at least one is given. Also have a look at the documentation of the bot.");
      }
      const m = FILE_NAME_RE.exec(String(fileName));
      if (!m) throw new Error(`Report's 'extra.file_name' '${String(fileName)}' is not valid.`);
      ctx.logger.debug(`Detected report's file name: '${m[1]}'.`);
      const schema = schemas.byFileName.get(m[1]!);
      if (!schema) throw new Error(`Could not get a config for '${m[1]}', check the documentation.`);
      return { schema, feedName: schema.feed_name };
    }

    return {
      *parse(report: Report, state: ParseState): Iterable<CsvRecord> {
        const { schema, feedName } = reportSchema(report);
        const records = readCsvRecords(reportText(report).trim().replace(/\0/g, ''));
        const start = records.findIndex((r) => r.cells.length > 0);
        if (start < 0) return;
        const current: CurrentReport = { schema, feedName, fieldnames: records[start]!.cells };
        state.custom['shadowserver'] = current;
        state.csvFieldnames = current.fieldnames;
        for (const record of records.slice(start + 1)) {
          if (!record.cells.length) continue;
          const row: Row = {};
          current.fieldnames.forEach((name, i) => {
            row[name] = i < record.cells.length ? record.cells[i]! : null;
          });
          state.currentLine = record.lastLine;
          yield { row, line: record.lastLine };
        }
      },
      parseLine(record: CsvRecord, report: Report, state: ParseState) {
        const current = state.custom['shadowserver'] as CurrentReport;
        const event = ctx.newEvent(report);
        event.add('feed.name', current.feedName, { overwrite: p.overwrite });
        mapRow(event, current.schema, recover(state, record.line), { row: record.row, fieldnames: current.fieldnames, feedName: current.feedName, logger: ctx.logger });
        return event;
      },
      recoverLine(record: CsvRecord | undefined, state: ParseState): string {
        return recover(state, record?.line ?? state.currentLine ?? '');
      },
    };
  },
});

/** Upstream's `recover_line_csv_dict`: the header re-written in the unix dialect, then the original line. */
function recover(state: ParseState, line: string): string {
  return `${writeCsvRowQuoteAll(state.csvFieldnames ?? [])}${line}`.trim();
}
