import { Type } from '@sinclair/typebox';
import { defineExpert } from '../../../bot/declaration.ts';
import { pyReplace, pySplit, pyStrip } from './pystr.ts';

function requireString(key: string, value: unknown): string {
  if (typeof value !== 'string') throw new TypeError(`value of ${key} is not a string: ${JSON.stringify(value)}`);
  return value;
}

export const bot = defineExpert({
  module: 'intelmq.bots.experts.format_field.expert',
  name: 'Format Field',
  description: 'String operations on fields: strip characters, replace a substring, split into a list.',
  parameters: Type.Object({
    strip_columns: Type.Union([Type.String(), Type.Array(Type.String())], { default: '', description: 'Fields to strip (list or comma-separated).' }),
    strip_chars: Type.String({ default: ' ', description: 'Characters removed from both ends.' }),
    replace_column: Type.String({ default: '', description: 'Field in which old_value is replaced.' }),
    old_value: Type.String({ default: '', description: 'Text to replace.' }),
    new_value: Type.String({ default: '', description: 'Replacement text.' }),
    replace_count: Type.Integer({ default: 1, description: 'Number of replacements (-1: all).' }),
    split_column: Type.Union([Type.String(), Type.Null()], { default: null, description: 'Field split into a list.' }),
    split_separator: Type.String({ default: ',', description: 'Separator for split_column.' }),
  }),
  create(ctx) {
    const p = ctx.params;
    const stripColumns = typeof p.strip_columns === 'string' ? p.strip_columns.split(',').map((c) => c.trim()) : [...p.strip_columns];
    return {
      process(event, emit) {
        for (const column of stripColumns) {
          const value = event.get(column);
          if (value) event.add(column, pyStrip(requireString(column, value), p.strip_chars), { overwrite: true });
        }
        if (p.replace_column) {
          const value = event.get(p.replace_column);
          if (value) {
            const replaced = pyReplace(requireString(p.replace_column, value), p.old_value, p.new_value, p.replace_count);
            event.add(p.replace_column, replaced, { overwrite: true });
          }
        }
        if (p.split_column) {
          const value = event.get(p.split_column);
          if (value) event.add(p.split_column, pySplit(requireString(p.split_column, value), p.split_separator), { overwrite: true });
        }
        emit(event);
      },
    };
  },
});
