import { Type } from '@sinclair/typebox';
import { defineExpert } from '../../../bot/declaration.ts';
import { Event } from '../../../message/index.ts';

export const bot = defineExpert({
  module: 'intelmq.bots.experts.field_reducer.expert',
  name: 'Field Reducer',
  description: 'Keeps only the listed keys (whitelist) or removes them (blacklist).',
  parameters: Type.Object({
    type: Type.Union([Type.Literal('whitelist'), Type.Literal('blacklist')], { default: 'blacklist', description: 'whitelist: keep only `keys`; blacklist: drop `keys`.' }),
    keys: Type.Union([Type.String(), Type.Array(Type.String())], { default: [], description: 'Keys, as a list or a comma-separated string.' }),
  }),
  create(ctx) {
    const { type } = ctx.params;
    const keys = typeof ctx.params.keys === 'string' ? ctx.params.keys.split(',').map((k) => k.trim()) : [...ctx.params.keys];
    return {
      process(event, emit) {
        if (type === 'whitelist') {
          const reduced = new Event(event.harmonization);
          for (const key of keys) {
            if (event.has(key)) reduced.add(key, event.get(key), { sanitize: false });
          }
          emit(reduced);
        } else {
          for (const key of keys) event.delete(key);
          emit(event);
        }
      },
    };
  },
});
