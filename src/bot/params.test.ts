import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Type } from '@sinclair/typebox';
import { checkParameters, resolveParameters } from './params.ts';

const schema = Type.Object({
  ttl: Type.Integer({ default: 10 }),
  flag: Type.Boolean({ default: true }),
  name: Type.Union([Type.String(), Type.Null()], { default: null }),
  mode: Type.Union([Type.Literal('a'), Type.Literal('b')], { default: 'a' }),
});

test('strings from runtime.yaml or tests are coerced; "false" is false', () => {
  const { params, problems } = checkParameters(schema, { ttl: '86400', flag: 'false' });
  assert.deepEqual(problems, []);
  assert.equal(params['ttl'], 86400);
  assert.equal(params['flag'], false);
});

test('nullable parameters stay null, given or defaulted', () => {
  assert.equal(checkParameters(schema, {}).params['name'], null);
  assert.equal(checkParameters(schema, { name: null }).params['name'], null);
  assert.equal(checkParameters(schema, { name: 'x' }).params['name'], 'x');
});

test('an invalid value names the bot and the key', () => {
  assert.throws(() => resolveParameters(schema, { ttl: 'soon' }, 'my-bot'), /bot 'my-bot': parameter 'ttl'/);
  assert.throws(() => resolveParameters(schema, { mode: 'c' }, 'my-bot'), /parameter 'mode'/);
});

test('resolved parameters are frozen and keep unknown keys', () => {
  const p = resolveParameters(schema, { other: 1 }, 'x');
  assert.ok(Object.isFrozen(p));
  assert.equal(p['other'], 1);
});
