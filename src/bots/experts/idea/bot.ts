import { Type } from '@sinclair/typebox';
import { defineExpert } from '../../../bot/declaration.ts';
import { ideaDescription, toIdea } from './translation.ts';

export const bot = defineExpert({
  module: 'intelmq.bots.experts.idea.expert',
  name: 'IDEA Converter',
  description: 'Writes the event converted to the IDEA format (JSON) into the `output` field.',
  parameters: Type.Object({
    test_mode: Type.Boolean({ default: false, description: 'Add the category "Test" to every IDEA event.' }),
  }),
  create(ctx) {
    const description = ideaDescription(ctx.params.test_mode);
    return {
      process(event, emit) {
        event.add('output', toIdea(event, description));
        emit(event);
      },
    };
  },
});
