import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ClaimSizer } from './claim-sizer.ts';

/** Checks `next()` first, then after each observed batch: [inputs, outputs, expected next claim]. */
function expectClaims(sizer: ClaimSizer, first: number, steps: ReadonlyArray<readonly [number, number, number]>): void {
  assert.equal(sizer.next(), first);
  for (const [inputs, outputs, next] of steps) {
    sizer.observe(inputs, outputs);
    assert.equal(sizer.next(), next, `after ${inputs} in, ${outputs} out`);
  }
}

test('a parser starts with one report and then takes as many as make about 1000 events', () => {
  expectClaims(new ClaimSizer(100, true), 1, [
    [1, 600, 1],
    [1, 20, 50],
    [50, 50, 100],
  ]);
});

test('experts and outputs keep full batches; filters and outputs (fan-out below 1) never exceed batch_size', () => {
  expectClaims(new ClaimSizer(500, false), 500, [
    [500, 0, 500],
    [500, 1000, 500],
    [500, 5000, 100],
  ]);
});
