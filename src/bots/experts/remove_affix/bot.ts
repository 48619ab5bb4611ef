import { Type } from '@sinclair/typebox';
import { defineExpert } from '../../../bot/declaration.ts';

export const bot = defineExpert({
  module: 'intelmq.bots.experts.remove_affix.expert',
  name: 'Remove Affix',
  description: 'Removes a prefix (default) or suffix from a string field, e.g. "www." from source.fqdn.',
  parameters: Type.Object({
    remove_prefix: Type.Boolean({ default: true, description: 'true: remove from the start; false: from the end.' }),
    affix: Type.String({ default: 'www.', description: 'The text to remove.' }),
    field: Type.String({ default: 'source.fqdn', description: 'The field to shorten.' }),
  }),
  create(ctx) {
    const { remove_prefix: prefix, affix, field } = ctx.params;
    return {
      process(event, emit) {
        const value = event.get(field);
        if (value !== undefined) {
          if (typeof value !== 'string') throw new TypeError(`${field} is not a string: ${JSON.stringify(value)}`);
          const text = value;
          let result = text;
          if (prefix && text.startsWith(affix)) result = text.slice(affix.length);
          else if (!prefix && affix && text.endsWith(affix)) result = text.slice(0, text.length - affix.length);
          event.change(field, result);
        }
        emit(event);
      },
    };
  },
});
