import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkScheduleTime } from './cron.ts';

test('accepts five-field expressions and macros', () => {
  for (const expr of ['1 * * * *', '*/5 1-3 * jan mon', '0 0 1 1 *', '@daily', '@hourly', '@annually', '@midnight']) {
    const check = checkScheduleTime(expr);
    assert.equal(check.valid, true, `${expr}: ${JSON.stringify(check)}`);
  }
  assert.deepEqual(checkScheduleTime('  1  *  * * * '), { valid: true, expression: '1 * * * *' });
});

test('refuses wrong field counts, bad values, @reboot and injection attempts with a clear message', () => {
  const cases: Array<[unknown, RegExp]> = [
    ['0 0 * * * *', /6 field\(s\); expected 5/],
    ['* * *', /3 field\(s\)/],
    ['61 * * * *', /not a valid cron time: .*61/],
    ['@reboot', /onboot/],
    ['@often', /not a known macro/],
    ['1 * * * * ; rm -rf /', /characters that are not allowed/],
    ['1 * * * *\n* * * * * evil', /single line/],
    ['', /empty/],
    [5, /must be a string/],
  ];
  for (const [value, pattern] of cases) {
    const check = checkScheduleTime(value);
    assert.equal(check.valid, false, String(value));
    if (!check.valid) assert.match(check.message, pattern);
  }
});
