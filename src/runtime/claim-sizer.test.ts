import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ClaimSizer } from './claim-sizer.ts';

test('a parser starts with one report and then takes as many as make about 1000 events', () => {
  const sizer = new ClaimSizer(100, true);
  assert.equal(sizer.next(), 1);
  sizer.observe(1, 600);
  assert.equal(sizer.next(), 1);
  sizer.observe(1, 20);
  assert.equal(sizer.next(), 50);
  sizer.observe(50, 50);
  assert.equal(sizer.next(), 100);
});

test('experts and outputs keep full batches; filters and outputs (fan-out below 1) never exceed batch_size', () => {
  const sizer = new ClaimSizer(500, false);
  assert.equal(sizer.next(), 500);
  sizer.observe(500, 0);
  assert.equal(sizer.next(), 500);
  sizer.observe(500, 1000);
  assert.equal(sizer.next(), 500);
  sizer.observe(500, 5000);
  assert.equal(sizer.next(), 100);
});
