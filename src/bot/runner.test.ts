import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Type } from '@sinclair/typebox';
import { defineParser } from './declaration.ts';
import { lineParsing } from './parse-helpers.ts';
import { createInMemoryBot, MemoryLogger } from '../conformance/harness.ts';
import { createContext } from './context.ts';
import { BotRunner, SpillFailed } from './runner.ts';
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

async function runnerFor(declaration: typeof parser): Promise<BotRunner> {
  const logger = new MemoryLogger();
  const harmonization = packagedHarmonization();
  const ctx = createContext({ botId: 'spill', params: {}, logger, harmonization, paths: { configDir: '.', varStatePath: '.', loggingPath: null } });
  const instance = await declaration.create(ctx as never);
  // 600-character events, so that a few thousand lines make megabytes.
  const params = { default_fields: { 'extra.padding': 'x'.repeat(500) } };
  return new BotRunner({ declaration, instance, params, logger, paths: new Set(['_default']), harmonization });
}

test('a large report is handed over in parts while it is parsed, in order, and the rest is returned', async () => {
  const runner = await runnerFor(parser);
  const ips = Array.from({ length: 20_000 }, (_, i) => `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`);
  const parts: string[][] = [];
  const result = await runner.handle(report(ips.join('\n')), async (outputs) => {
    parts.push(outputs.map((o) => o.message));
  });
  assert.ok(parts.length >= 2, `${parts.length} part(s)`);
  const all = [...parts.flat(), ...result.outputs.map((o) => o.message)];
  assert.deepEqual(all.map((m) => JSON.parse(m)['source.ip']), ips);
});

test('a failing hand-over is not blamed on the report: it propagates instead of dumping the report', async () => {
  const runner = await runnerFor(parser);
  const ips = Array.from({ length: 10_000 }, (_, i) => `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`);
  await assert.rejects(
    runner.handle(report(ips.join('\n')), async () => {
      throw new Error('disk full');
    }),
    (e: unknown) => e instanceof SpillFailed && (e.reason as Error).message === 'disk full',
  );
});
