import { Type } from '@sinclair/typebox';
import { defineExpert } from '../../../bot/declaration.ts';
import { pyFloatRepr } from '../../../message/index.ts';

/** One cell as Python's csv module writes it (str() of the value, None as empty). */
function cellText(value: unknown, isFloat: boolean): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return isFloat || !Number.isInteger(value) ? pyFloatRepr(value) : String(value);
  return JSON.stringify(value);
}

/** csv.writer with the excel dialect: quote only cells holding the delimiter, a quote or a line break. */
export function csvRow(cells: readonly string[], delimiter: string): string {
  const row = cells.map((c) => (c.includes(delimiter) || c.includes('"') || c.includes('\r') || c.includes('\n') ? `"${c.replace(/"/g, '""')}"` : c));
  // A lone empty cell is written quoted, or the row would read back as no row at all.
  if (cells.length === 1 && cells[0] === '') return '""';
  return row.join(delimiter);
}

export const bot = defineExpert({
  module: 'intelmq.bots.experts.csv_converter.expert',
  name: 'CSV Converter',
  description: 'Writes the listed fields as one CSV line into the `output` field.',
  parameters: Type.Object({
    fieldnames: Type.String({ default: 'time.source,classification.type,source.ip', description: 'Comma-separated fields, in column order.' }),
    delimiter: Type.String({ default: ',', minLength: 1, maxLength: 1, description: 'Column separator (one character).' }),
  }),
  create(ctx) {
    const fieldnames = ctx.params.fieldnames.split(',');
    const delimiter = ctx.params.delimiter;
    return {
      process(event, emit) {
        const section = event.harmonization.event;
        const cells = fieldnames.map((f) => cellText(event.get(f), section.get(f)?.type.isFloat === true));
        // Upstream right-strips the written line, which also eats trailing spaces of the last cell.
        event.add('output', csvRow(cells, delimiter).trimEnd());
        emit(event);
      },
    };
  },
});
