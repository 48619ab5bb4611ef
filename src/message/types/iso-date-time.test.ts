import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseIsoDateTime } from './iso-date-time.ts';
import { parseDateutil } from './fuzzy-date.ts';

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Deterministic pseudo-random numbers, so a failure names a reproducible input. */
function* lcg(seed: number): Generator<number> {
  for (;;) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    yield seed / 2 ** 31;
  }
}

test('the ISO fast path gives what the general scanner gives, and leaves it what it is unsure about', () => {
  const rnd = lcg(42);
  const pick = (n: number) => Math.floor(rnd.next().value! * n);
  const zones = ['', 'Z', '+00:00', '-00:00', '+02:00', '-0530', '+14:00', '+23:59', '+24:00', '-12:60', '+0100'];
  let fast = 0;
  for (let i = 0; i < 20_000; i++) {
    const year = [0, 1, 1970, 2000, 2024, 2100, 9999][pick(7)]!;
    const text =
      `${pad(year, 4)}-${pad(pick(14), 2)}-${pad(pick(33), 2)}${pick(2) ? 'T' : ' '}` +
      `${pad(pick(26), 2)}:${pad(pick(62), 2)}:${pad(pick(62), 2)}` +
      `${pick(3) ? '' : '.' + '1234567'.slice(0, 1 + pick(7))}${zones[pick(zones.length)]}`;
    const quick = parseIsoDateTime(text);
    if (quick === undefined) continue;
    fast++;
    assert.deepEqual(quick, parseDateutil(text), text);
  }
  assert.ok(fast > 2000, `only ${fast} inputs took the fast path`);
});

test('feed-typical times take the fast path', () => {
  assert.deepEqual(parseIsoDateTime('2024-05-01T09:58:12Z'), { parts: { year: 2024, month: 5, day: 1, hour: 9, minute: 58, second: 12, micro: 0 }, offset: 0 });
  assert.deepEqual(parseIsoDateTime('2024-02-29 23:59:59.5+02:00'), { parts: { year: 2024, month: 2, day: 29, hour: 23, minute: 59, second: 59, micro: 500000 }, offset: 7200 });
  assert.equal(parseIsoDateTime('2023-02-29T00:00:00Z'), undefined);
  assert.equal(parseIsoDateTime('2024-05-01t09:58:12'), undefined);
  assert.equal(parseIsoDateTime('May 1 2024'), undefined);
});
