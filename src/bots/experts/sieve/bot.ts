import { join } from 'node:path';
import { Type } from '@sinclair/typebox';
import { defineExpert, type Diagnostic } from '../../../bot/declaration.ts';
import { checkSieveFile, loadSieveFile } from './load.ts';
import { SieveRuntime } from './runtime.ts';

export { checkSieveFile } from './load.ts';

export const bot = defineExpert({
  module: 'intelmq.bots.experts.sieve.expert',
  name: 'Sieve',
  description: 'Filters and modifies events with rules in the sieve language; can route events to named paths.',
  forwardVerb: 'Forwarded',
  parameters: Type.Object({
    file: Type.Union([Type.String(), Type.Null()], {
      default: null,
      description: 'Path of the sieve file (null: <var state>/sieve/filter.sieve).',
    }),
  }),
  check(params) {
    if (!params.file) {
      return [{ level: 'warning', message: "Parameter 'file' is not set: the default <var state>/sieve/filter.sieve is only checked when the bot starts." }];
    }
    const file = params.file;
    return checkSieveFile(file).errors.map((e): Diagnostic => ({
      level: 'error',
      message: e.line ? `Sieve file ${file}:${e.line}:${e.column}: ${e.message}` : `Sieve file: ${e.message}`,
    }));
  },
  create(ctx) {
    const program = loadSieveFile(ctx.params.file ?? join(ctx.paths.varStatePath, 'sieve', 'filter.sieve'), ctx.harmonization);
    const runtime = new SieveRuntime(program, ctx.harmonization, ctx.logger);
    return {
      process(event, emit) {
        const { procedure, paths } = runtime.run(event);
        if (procedure === 'drop') return;
        for (const path of paths) emit(event, path);
      },
    };
  },
});
