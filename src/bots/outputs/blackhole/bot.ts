import { Type } from '@sinclair/typebox';
import { defineOutput } from '../../../bot/declaration.ts';

export const bot = defineOutput({
  module: 'intelmq.bots.outputs.blackhole.output',
  name: 'Blackhole',
  description: 'Discards every event (acknowledges it without writing anything).',
  parameters: Type.Object({}),
  create() {
    return {
      process() {},
      async processBatch() {},
    };
  },
});
