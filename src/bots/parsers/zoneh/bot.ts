import { Type } from '@sinclair/typebox';
import { defineParser } from '../../../bot/declaration.ts';
import { reportText } from '../../../bot/parse-helpers.ts';
import type { Report } from '../../../message/index.ts';
import { urlsplit } from '../../../message/types/index.ts';
import { newlineLines } from '../../../py/csv/lines.ts';
import { readCsv } from '../../../py/csv/reader.ts';

interface Row {
  cells: Record<string, string>;
  /** The (last) line the row was read from, without its line break. */
  line: string;
}

/** `csv.DictReader` over the report, remembering the line each row ends on. */
function* rows(report: Report): Iterable<Row> {
  let lastLine = '';
  const lines = newlineLines(reportText(report).replaceAll('\0', ''));
  const tracked = (function* () {
    for (const line of lines) {
      lastLine = line.replace(/\r?\n$/, '');
      yield line;
    }
  })();
  let names: string[] | undefined;
  for (const record of readCsv(tracked)) {
    if (record.length === 0) continue;
    if (!names) {
      names = record;
      continue;
    }
    const cells: Record<string, string> = {};
    names.forEach((name, i) => (cells[name] = record[i] ?? ''));
    yield { cells, line: lastLine };
  }
}

/** Columns of the defacement report kept in `extra`, and their names there. */
const EXTRA: ReadonlyArray<[string, string]> = [
  ['attacker', 'actor'],
  ['web_server', 'http_target'],
  ['system', 'os.name'],
  ['hackmode', 'compromise_method'],
  ['defacement_id', 'zoneh_report_id'],
];

export const bot = defineParser({
  module: 'intelmq.bots.parsers.zoneh.parser',
  name: 'Zone-H',
  description: 'Parses Zone-H defacement reports (the CSV files Zone-H sends by e-mail).',
  parameters: Type.Object({}),
  create(ctx) {
    return {
      parse: rows,
      recoverLine: (row: Row) => row.line,
      parseLine({ cells, line }: Row, report: Report) {
        const url = cells['domain'] ?? '';
        const parts = urlsplit(url);
        const event = ctx.newEvent(report);
        event.add('classification.identifier', 'compromised-website');
        event.add('classification.type', 'system-compromise');
        event.add('event_description.text', 'defacement');
        event.add('time.source', `${cells['add_date'] ?? ''} UTC`);
        event.add('raw', line);
        event.add('source.ip', cells['ip_address'], { raiseFailure: false });
        event.add('source.fqdn', parts?.netloc, { raiseFailure: false });
        event.add('source.geolocation.cc', cells['country_code'], { raiseFailure: false });
        event.add('protocol.application', parts?.scheme);
        // The column called "domain" holds the defaced URL.
        event.add('source.url', url, { raiseFailure: false });
        if (cells['accept_date']) event.add('extra.accepted_date', cells['accept_date']);
        for (const [column, name] of EXTRA) event.add(`extra.${name}`, cells[column]);
        return event;
      },
    };
  },
});
