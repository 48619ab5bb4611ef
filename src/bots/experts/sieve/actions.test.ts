import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { comments, runSieve } from './testing.ts';

const BASE = { 'source.ip': '127.0.0.1', 'time.observation': '2017-01-01T00:00:00+00:00' };

describe('sieve expert: filtering and routing', () => {
  it('drop discards and stops, keep forwards and stops', async () => {
    const rules = "if comment == 'drop' { drop }\nif comment == 'keep' { keep }\nupdate comment = 'changed'";
    assert.deepEqual(await comments(rules, [{ comment: 'drop' }, { comment: 'keep' }, { comment: 'other' }]), ['dropped', 'keep', 'changed']);
  });

  it('path routes to a named path, several paths copy the event', async () => {
    const rules = "if comment == 'one' { path 'other-way' keep }\nif comment == 'two' { path ['a', 'b'] }";
    const r = await runSieve(rules, [{ comment: 'one' }, { comment: 'two' }, { comment: 'none' }], ['_default', 'other-way', 'a', 'b']);
    assert.deepEqual(r.out['other-way']!.map((e) => e['comment']), ['one']);
    assert.deepEqual(r.out['a']!.map((e) => e['comment']), ['two']);
    assert.deepEqual(r.out['b']!.map((e) => e['comment']), ['two']);
    assert.deepEqual(r.out['_default']!.map((e) => e['comment']), ['none']);
  });

  it('a drop inside a nested branch stops the whole file', async () => {
    const rules = "if :exists comment { if comment == 'x' { drop } }\nadd extra.after = true";
    assert.deepEqual(await comments(rules, [{ comment: 'x' }, { comment: 'y' }]), ['dropped', 'y']);
  });
});

describe('sieve expert: modifications', () => {
  it('add only when absent, add! overwrites, update only when present, remove', async () => {
    const rules = [
      "add comment = 'added'",
      "add! destination.ip = '192.0.2.1'",
      "update source.fqdn = 'example.com'",
      "update feed.name = 'renamed'",
      'remove classification.type',
    ].join('\n');
    const r = await runSieve(rules, [{ ...BASE, comment: 'kept', 'destination.ip': '198.51.100.1', 'feed.name': 'x', 'classification.type': 'scanner' }]);
    const e = r.out['_default']![0]!;
    assert.equal(e['comment'], 'kept');
    assert.equal(e['destination.ip'], '192.0.2.1');
    assert.equal(e['source.fqdn'], undefined);
    assert.equal(e['feed.name'], 'renamed');
    assert.equal(e['classification.type'], undefined);
  });

  it('values are typed: strings, integers, floats, booleans', async () => {
    const rules = "add extra.s = 'string'\nadd extra.i = 100\nadd extra.f = 1.5\nadd extra.b = true\nadd! feed.accuracy = 50";
    const e = (await runSieve(rules, [BASE])).out['_default']![0]!;
    assert.deepEqual([e['extra.s'], e['extra.i'], e['extra.f'], e['extra.b'], e['feed.accuracy']], ['string', 100, 1.5, true, 50]);
  });

  it('append extends lists, creates missing ones and ignores scalars; append! turns scalars into lists', async () => {
    const rules = "append extra.list 'c'\nappend extra.single 'ignored'\nappend extra.new 'n'\nappend! extra.scalar 2\nappend! extra.fresh 'f'";
    const e = (await runSieve(rules, [{ ...BASE, 'extra.list': ['a', 'b'], 'extra.single': 'one', 'extra.scalar': 1 }])).out['_default']![0]!;
    assert.deepEqual(e['extra.list'], ['a', 'b', 'c']);
    assert.equal(e['extra.single'], 'one');
    assert.deepEqual(e['extra.new'], ['n']);
    assert.deepEqual(e['extra.scalar'], [1, 2]);
    assert.deepEqual(e['extra.fresh'], ['f']);
  });

  it('+= and -= shift a timestamp by a relative time', async () => {
    const rules = "if comment == 'plus' { add! time.observation += '1 hour' }\nif comment == 'minus' { update time.observation -= '2 days' }";
    const r = await runSieve(rules, [{ ...BASE, comment: 'plus' }, { ...BASE, comment: 'minus' }]);
    assert.deepEqual(r.out['_default']!.map((e) => e['time.observation']), ['2017-01-01T01:00:00+00:00', '2016-12-30T00:00:00+00:00']);
  });

  it('add += on a missing field is an error (there is nothing to shift)', async () => {
    const r = await runSieve("add time.source += '1 hour'", [BASE]);
    assert.equal(r.dumps, 1);
  });

  it('an invalid value for the field is an error and the event is dumped', async () => {
    const r = await runSieve("add! source.port = 'not a port'", [BASE]);
    assert.equal(r.dumps, 1);
    assert.equal(r.out['_default']!.length, 0);
  });
});

describe('sieve expert: variables', () => {
  it('$var = key copies a value for use as a value', async () => {
    const e = (await runSieve('$foo = source.abuse_contact\nadd! extra.email = $foo', [{ ...BASE, 'source.abuse_contact': 'abuse@example.com' }])).out['_default']![0]!;
    assert.equal(e['extra.email'], 'abuse@example.com');
  });

  it('variables work in conditions, as compared values and as keys', async () => {
    const rules = [
      '$name = extra.field',
      '$want = extra.want',
      "if $name == 'x' { update comment = 'via key' }",
      'elif comment == $want { update comment = "via value" }',
    ].join('\n');
    const got = await comments(rules, [{ comment: 'c', 'extra.field': 'comment', 'extra.want': 'q' }, { comment: 'q', 'extra.field': 'comment', 'extra.want': 'q' }]);
    assert.deepEqual(got, ['c', 'via value']);
    const byKey = await comments("$k = extra.field\nif $k == 'hello' { update comment = 'via key' }", [{ comment: 'hello', 'extra.field': 'comment' }]);
    assert.deepEqual(byKey, ['via key']);
  });

  it('variables are per event', async () => {
    const rules = 'if :exists extra.v { $v = extra.v }\nadd! comment = $v';
    const r = await runSieve(rules, [{ ...BASE, 'extra.v': 'first' }, BASE]);
    assert.deepEqual(r.out['_default']!.map((e) => e['comment']), ['first']);
    assert.equal(r.dumps, 1);
  });

  it('copying a missing key or using an undefined variable is an error', async () => {
    assert.equal((await runSieve('$v = source.fqdn', [BASE])).dumps, 1);
    assert.equal((await runSieve('add comment = $undefined', [BASE])).dumps, 1);
  });
});
