import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { createInMemoryBot } from '../../../conformance/harness.ts';
import { packagedHarmonization } from '../../../message/index.ts';
import { bot } from './bot.ts';

const PATHS = ['_default', 'action_other', 'filter_match', 'filter_no_match'];
const EVENT = { 'classification.type': 'scanner', 'extra.flag': true, 'extra.text': 'bla', 'source.asn': 123, 'feed.accuracy': 100, 'time.source': '2005-01-01T00:00:00+00:00' };

async function route(params: Record<string, unknown>, event: Record<string, unknown> = EVENT, paths = PATHS) {
  const b = await createInMemoryBot(bot, { params, paths, harmonization: packagedHarmonization() });
  try {
    const { output } = await b.run([JSON.stringify({ ...event, __type: 'Event' })]);
    const sent = Object.entries(output).filter(([, msgs]) => msgs.length).map(([path]) => path).sort();
    return { sent, errors: b.logger.count('ERROR') };
  } finally {
    await b.close();
  }
}

const create = (params: Record<string, unknown>) => createInMemoryBot(bot, { params, paths: PATHS, harmonization: packagedHarmonization() });

describe('filter expert: key/value filter and routing', () => {
  it('drop + match goes to action_other and filter_match', async () => {
    assert.deepEqual((await route({ filter_key: 'extra.text', filter_value: 'bla', filter_action: 'drop' })).sent, ['action_other', 'filter_match']);
  });
  it('drop + no match goes to filter_no_match and _default', async () => {
    assert.deepEqual((await route({ filter_key: 'extra.text', filter_value: 'foo', filter_action: 'drop' })).sent, ['_default', 'filter_no_match']);
  });
  it('keep + match goes to filter_match and _default', async () => {
    assert.deepEqual((await route({ filter_key: 'extra.flag', filter_value: true, filter_action: 'keep' })).sent, ['_default', 'filter_match']);
  });
  it('keep + no match goes to action_other and filter_no_match', async () => {
    assert.deepEqual((await route({ filter_key: 'source.asn', filter_value: '123', filter_action: 'keep' })).sent, ['action_other', 'filter_no_match']);
  });
  it('named paths are optional', async () => {
    assert.deepEqual((await route({ filter_key: 'extra.text', filter_value: 'bla', filter_action: 'drop' }, EVENT, ['_default'])).sent, []);
    assert.deepEqual((await route({ filter_key: 'extra.text', filter_value: 'bla', filter_action: 'keep' }, EVENT, ['_default'])).sent, ['_default']);
  });
  it('compares numbers by value, a missing key never matches', async () => {
    assert.deepEqual((await route({ filter_key: 'feed.accuracy', filter_value: 100.0, filter_action: 'keep' })).sent, ['_default', 'filter_match']);
    assert.deepEqual((await route({ filter_key: 'source.fqdn', filter_value: 'x', filter_action: 'drop' })).sent, ['_default', 'filter_no_match']);
  });
  it('with filter_regex, searches the regular expression in the value text', async () => {
    assert.deepEqual((await route({ filter_key: 'classification.type', filter_value: '^scan', filter_action: 'keep', filter_regex: true })).sent, ['_default', 'filter_match']);
    assert.deepEqual((await route({ filter_key: 'feed.accuracy', filter_value: '^100\\.0$', filter_action: 'keep', filter_regex: true })).sent, ['_default', 'filter_match']);
    assert.deepEqual((await route({ filter_key: 'source.asn', filter_value: '^12$', filter_action: 'keep', filter_regex: true })).sent, ['action_other', 'filter_no_match']);
  });
  it('an unknown filter_action disables the key filter', async () => {
    assert.deepEqual((await route({ filter_key: 'extra.text', filter_value: 'bla', filter_action: 'maybe', not_after: '1 day' })).sent, ['_default']);
  });
});

describe('filter expert: time filter', () => {
  it('drops events before not_before and after not_after (absolute)', async () => {
    assert.deepEqual((await route({ not_before: '2014-01-01T00:00:00+00:00' })).sent, []);
    assert.deepEqual((await route({ not_after: '2014-01-01' })).sent, ['_default']);
    assert.deepEqual((await route({ not_after: '2004-06-01 12:00' })).sent, []);
  });
  it('relative bounds count back from now', async () => {
    assert.deepEqual((await route({ not_before: '10 years' })).sent, []);
    assert.deepEqual((await route({ not_after: '10 hours' })).sent, ['_default']);
    const recent = { ...EVENT, 'time.source': new Date(Date.now() - 3600_000).toISOString().replace(/\.\d+Z$/, '+00:00') };
    assert.deepEqual((await route({ not_after: '2 hours' }, recent)).sent, []);
    assert.deepEqual((await route({ not_before: '2 hours' }, recent)).sent, ['_default']);
  });
  it('events without time.source pass the time filter', async () => {
    const { 'time.source': _, ...noTime } = EVENT;
    assert.deepEqual((await route({ not_before: '1 day' }, noTime)).sent, ['_default']);
  });
  it('combines with the key filter', async () => {
    assert.deepEqual((await route({ not_after: '1 day', filter_key: 'extra.text', filter_value: 'bla', filter_action: 'keep' })).sent, ['_default', 'filter_match']);
  });
  it('empty strings mean "not set"', async () => {
    assert.deepEqual((await route({ filter_key: 'source.asn', filter_value: '', filter_action: 'drop', not_before: '', not_after: '' })).sent, ['_default', 'filter_no_match']);
  });
});

describe('filter expert: start-up errors', () => {
  it('needs a complete key/value filter or a time filter', async () => {
    await assert.rejects(create({}), /No relevant filter configuration found/);
    await assert.rejects(create({ filter_key: 'source.asn', filter_action: 'drop' }), /No relevant filter configuration found/);
    await assert.rejects(create({ filter_key: 'source.asn', filter_value: 1, filter_action: 'delete' }), /No relevant filter configuration found/);
  });
  it('rejects an invalid regular expression and a non-string one', async () => {
    await assert.rejects(create({ filter_key: 'comment', filter_value: '(unclosed', filter_action: 'keep', filter_regex: true }), /invalid regular expression/);
    await assert.rejects(create({ filter_key: 'comment', filter_value: 5, filter_action: 'keep', filter_regex: true }), /must be a string/);
  });
  it('rejects times that are neither absolute nor relative', async () => {
    await assert.rejects(create({ not_before: 'ten hours' }), /Could not process/);
    await assert.rejects(create({ not_after: 'whenever' }), /Could not parse not_after/);
  });
  it('the check hook reports the same problems', () => {
    assert.deepEqual(bot.check!({ filter_key: null, filter_value: null, filter_action: null, filter_regex: null, not_before: '1 week', not_after: null }), []);
    const d = bot.check!({ filter_key: null, filter_value: null, filter_action: null, filter_regex: null, not_before: null, not_after: null });
    assert.equal(d[0]!.level, 'error');
    assert.match(d[0]!.message, /No relevant filter configuration/);
  });
});
