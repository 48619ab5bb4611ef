import { Type } from '@sinclair/typebox';
import { defineExpert } from '../../../bot/declaration.ts';

export const bot = defineExpert({
  module: 'intelmq.bots.experts.truncate_by_delimiter.expert',
  name: 'Truncate By Delimiter',
  description: 'Cuts leading parts (up to a delimiter) off a field until it is at most max_length characters long.',
  parameters: Type.Object({
    delimiter: Type.String({ default: '.', description: 'Separator of the parts.' }),
    max_length: Type.Integer({ default: 200, description: 'Maximum length in characters.' }),
    field: Type.String({ default: 'source.fqdn', description: 'The field to shorten.' }),
  }),
  create(ctx) {
    const { delimiter, max_length: maxLength, field } = ctx.params;
    return {
      process(event, emit) {
        const value = event.get(field);
        if (value !== undefined) {
          if (typeof value !== 'string') throw new TypeError(`${field} is not a string: ${JSON.stringify(value)}`);
          let text = value;
          // Length in code points, as Python's len().
          while (text.includes(delimiter) && [...text].length > maxLength) {
            if (!delimiter) throw new Error('empty separator');
            text = text.slice(text.indexOf(delimiter) + delimiter.length);
          }
          event.change(field, text);
        }
        emit(event);
      },
    };
  },
});
