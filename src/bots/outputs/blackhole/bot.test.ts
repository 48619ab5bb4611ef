import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SAMPLE, createBatchOutput, event, runOutput } from '../_shared/testing.ts';
import { bot } from './bot.ts';

test('events are acknowledged and nothing is emitted or dumped', async () => {
  const r = await runOutput(bot, {}, [event(SAMPLE), event(SAMPLE)]);
  assert.deepEqual(r.output, {});
  assert.equal(r.dumps.length, 0);
  const out = await createBatchOutput(bot, {});
  try {
    const results = await out.batch([event(SAMPLE), event(SAMPLE), event(SAMPLE)]);
    assert.equal(results!.length, 3);
    assert.ok(results!.every((x) => x.error === undefined && x.outputs.length === 0));
  } finally {
    await out.close();
  }
});
