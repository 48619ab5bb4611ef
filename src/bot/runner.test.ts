import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Type } from '@sinclair/typebox';
import { defineParser } from './declaration.ts';
import { lineParsing } from './parse-helpers.ts';
import { createInMemoryBot } from '../conformance/harness.ts';
import { packagedHarmonization, Report } from '../message/index.ts';

/** A parser over lines `ip` that breaks on `!` (a bad line) and on `STOP` (a broken document). */
const parser = defineParser({
  module: 'test.parser',
  name: 'Test',
  description: 'test',
  parameters: Type.Object({}),
  create(ctx) {
    const lines = lineParsing();
    return {
      *parse(report, state) {
        for (const l of lines.parse(report, state)) {
          if (l === 'STOP') throw new Error('document truncated');
          yield l;
        }
      },
      recoverLine: lines.recoverLine,
      parseLine(line: string, report) {
        if (line.startsWith('!')) throw new Error(`bad line ${line}`);
        const e = ctx.newEvent(report);
        e.add('source.ip', line);
        e.add('classification.type', 'scanner');
        e.add('raw', line);
        return e;
      },
    };
  },
});

function report(text: string): string {
  const r = new Report();
  r.add('feed.name', 'T');
  r.add('raw', text);
  return r.serialize();
}

test('a broken line is dumped with its text and the other lines go on', async () => {
  const bot = await createInMemoryBot(parser, { params: {}, paths: ['_default'], harmonization: packagedHarmonization() });
  const { output, dumps } = await bot.run([report('192.0.2.1\n!oops\n192.0.2.2')]);
  assert.equal(output['_default']!.length, 2);
  assert.equal(dumps.length, 1);
  assert.equal(Buffer.from(JSON.parse(dumps[0]!.message).raw, 'base64').toString(), '!oops');
  await bot.close();
});

test('a document that breaks part-way keeps the events before the break and dumps the report', async () => {
  const bot = await createInMemoryBot(parser, { params: {}, paths: ['_default'], harmonization: packagedHarmonization() });
  const { output, dumps } = await bot.run([report('192.0.2.1\nSTOP\n192.0.2.2')]);
  assert.equal(output['_default']!.length, 1);
  assert.equal(dumps.length, 1);
  assert.match(String(dumps[0]!.traceback), /document truncated/);
  await bot.close();
});

test('an unconfigured path fails that message only', async () => {
  const { defineExpert } = await import('./declaration.ts');
  const expert = defineExpert({
    module: 'test.expert',
    name: 'Test',
    description: 'test',
    parameters: Type.Object({}),
    create: () => ({ process: (e, emit) => emit(e, e.has('comment') ? 'nowhere' : '_default') }),
  });
  const bot = await createInMemoryBot(expert, { params: {}, paths: ['_default'], harmonization: packagedHarmonization() });
  const { output, dumps } = await bot.run(['{"comment": "x", "__type": "Event"}', '{"source.ip": "192.0.2.1", "__type": "Event"}']);
  assert.equal(output['_default']!.length, 1);
  assert.equal(dumps.length, 1);
  await bot.close();
});
