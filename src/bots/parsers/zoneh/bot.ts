import { Type } from '@sinclair/typebox';
import { defineParser } from '../../../bot/declaration.ts';
import { reportText } from '../../../bot/parse-helpers.ts';
import type { Report } from '../../../message/index.ts';
import { readPyCsv } from '../shadowserver/pycsv.ts';

interface Row {
  cells: Record<string, string | null>;
  line: string;
}

/** Python `urlparse(url)`: scheme and network location. */
function schemeAndHost(url: string): { scheme: string; netloc: string } {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):(?:\/\/([^/?#]*))?/.exec(url);
  return m ? { scheme: m[1]!.toLowerCase(), netloc: m[2] ?? '' } : { scheme: '', netloc: '' };
}

export const bot = defineParser({
  module: 'intelmq.bots.parsers.zoneh.parser',
  name: 'Zone-H',
  description: 'Parses Zone-H defacement reports (CSV).',
  parameters: Type.Object({}),
  create(ctx) {
    return {
      *parse(report: Report): Iterable<Row> {
        const records = readPyCsv(reportText(report).replace(/\0/g, '')).filter((r) => r.cells.length);
        const names = records[0]?.cells ?? [];
        for (const record of records.slice(1)) {
          const cells: Record<string, string | null> = {};
          names.forEach((n, i) => (cells[n] = record.cells[i] ?? null));
          yield { cells, line: record.lastLine };
        }
      },
      recoverLine(row: Row): string {
        return row.line;
      },
      parseLine({ cells, line }: Row, report: Report) {
        const url = cells['domain'] ?? '';
        const { scheme, netloc } = schemeAndHost(url);
        const event = ctx.newEvent(report);
        event.add('classification.identifier', 'compromised-website');
        event.add('classification.type', 'system-compromise');
        event.add('event_description.text', 'defacement');
        event.add('time.source', `${cells['add_date']} UTC`);
        event.add('raw', line);
        event.add('source.ip', cells['ip_address'], { raiseFailure: false });
        event.add('source.fqdn', netloc, { raiseFailure: false });
        event.add('source.geolocation.cc', cells['country_code'], { raiseFailure: false });
        event.add('protocol.application', scheme);
        // The URL column is called "domain".
        event.add('source.url', url, { raiseFailure: false });
        const extra: Record<string, unknown> = {};
        if (cells['accept_date']) extra['accepted_date'] = cells['accept_date'];
        extra['actor'] = cells['attacker'] ?? null;
        extra['http_target'] = cells['web_server'] ?? null;
        extra['os.name'] = cells['system'] ?? null;
        extra['compromise_method'] = cells['hackmode'] ?? null;
        extra['zoneh_report_id'] = cells['defacement_id'] ?? null;
        event.add('extra', extra);
        return event;
      },
    };
  },
});
