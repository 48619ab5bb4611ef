import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { comments, runSieve } from './testing.ts';

const IP = { 'source.ip': '127.0.0.1' };

describe('sieve expert: string matches', () => {
  it('== and != compare whole strings; a missing key is only != ', async () => {
    const rules = "if source.fqdn == 'www.example.com' { add comment = 'eq' }\nif source.fqdn != 'www.example.com' { add comment = 'ne' }";
    assert.deepEqual(await comments(rules, [{ 'source.fqdn': 'www.example.com' }, { 'source.fqdn': 'mail.ru' }, IP]), ['eq', 'ne', 'ne']);
  });

  it(':contains, =~ and !~ (a missing key satisfies only !~)', async () => {
    const rules = [
      "if source.url :contains '.ch' { add comment = 'contains' }",
      "if source.url =~ '^https?://www\\.switch\\.ch/' { add! comment = 'regex' }",
      "if source.url !~ 'switch' { add comment = 'not-regex' }",
    ].join('\n');
    const got = await comments(rules, [{ 'source.url': 'https://www.switch.ch/x' }, { 'source.url': 'https://example.ch/' }, { 'source.url': 'http://example.com' }, IP]);
    assert.deepEqual(got, ['regex', 'contains', 'not-regex', 'not-regex']);
  });

  it('matches non-string values on their text: str() for numbers, JSON for objects', async () => {
    const rules = "if source.port :contains '44' { add comment = 'port' }\nif extra.d =~ '\"key\": \\[\\]' { add comment = 'dict' }\nif feed.accuracy =~ '^100\\.0$' { add comment = 'float' }";
    assert.deepEqual(await comments(rules, [{ 'source.port': 443 }, { 'extra.d': { key: [] } }, { 'feed.accuracy': 100 }]), ['port', 'dict', 'float']);
  });

  it('== never equals a non-string value', async () => {
    assert.deepEqual(await comments("if source.port == '80' { add comment = 'x' }", [{ 'source.port': 80 }]), [undefined]);
  });

  it(':in, :containsany and :regexin take lists', async () => {
    const rules = [
      "if classification.type :in ['c2-server', 'malware-configuration'] { add comment = 'in' }",
      "if source.fqdn :containsany ['.mx', '.zz'] { add comment = 'any' }",
      "if extra.tag :regexin ['ee$', 'ab.d'] { add comment = 'regexin' }",
    ].join('\n');
    const got = await comments(rules, [{ 'classification.type': 'c2-server' }, { 'source.fqdn': 'a.example.mx' }, { 'extra.tag': 'abcd' }, { 'extra.tag': 'foo' }]);
    assert.deepEqual(got, ['in', 'any', 'regexin', undefined]);
  });

  it(':containsany on a non-string value is an error: the event is dumped', async () => {
    const r = await runSieve("if source.port :containsany ['8'] { drop }", [{ 'source.port': 80 }]);
    assert.equal(r.dumps, 1);
    assert.equal(r.out['_default']!.length, 0);
  });
});

describe('sieve expert: numeric, list, boolean and existence matches', () => {
  it('compares numbers with == != < <= > >= and :in', async () => {
    const rules = [
      'if feed.accuracy == 100 { add comment = "eq" }',
      'if feed.accuracy != 100.0 && feed.accuracy >= 50 { add comment = "ge" }',
      'if feed.accuracy < 50 && feed.accuracy <= 10 { add comment = "le" }',
      'if feed.accuracy > 10 && feed.accuracy < 50 { add comment = "between" }',
      'if source.asn :in [64496, 64497] { add comment = "in" }',
    ].join('\n');
    const got = await comments(rules, [{ 'feed.accuracy': 100 }, { 'feed.accuracy': 75.5 }, { 'feed.accuracy': 5 }, { 'feed.accuracy': 20 }, { 'source.asn': 64497 }, IP]);
    assert.deepEqual(got, ['eq', 'ge', 'le', 'between', 'in', undefined]);
  });

  it('compares numbers inside extra', async () => {
    assert.deepEqual(await comments('if extra.amplification > 5 { add comment = "big" }', [{ 'extra.amplification': 7 }, { 'extra.amplification': 2 }]), ['big', undefined]);
  });

  it(':equals keeps order, :setequals/:overlaps/:subsetof/:supersetof use sets, [] is the empty list', async () => {
    const rules = [
      'if extra.l :equals [] { add comment = "empty" }',
      "elif extra.l :equals ['a', 'b'] { add comment = 'equals' }",
      "elif extra.l :setequals ['b', 'a'] { add comment = 'setequals' }",
      "elif extra.l :subsetof ['a', 'b', 'c', 'd'] { add comment = 'subset' }",
      "elif extra.l :supersetof ['x'] { add comment = 'superset' }",
      "elif extra.l :overlaps ['q', 'z'] { add comment = 'overlaps' }",
    ].join('\n');
    const lists = [['a', 'b'], ['b', 'a', 'a'], ['c', 'a'], ['x', 'y', 'z'], ['y', 'z'], [], 'not a list'];
    assert.deepEqual(await comments(rules, lists.map((l) => ({ 'extra.l': l }))), ['equals', 'setequals', 'subset', 'superset', 'overlaps', 'empty', undefined]);
  });

  it('list values are typed, with Python equality (1 == 1.0 == true)', async () => {
    const rules = "if extra.l :equals [true, 2.1, 'three', 4] { add comment = 'typed' }";
    assert.deepEqual(await comments(rules, [{ 'extra.l': [1, 2.1, 'three', 4.0] }, { 'extra.l': ['true', 2.1, 'three', 4] }]), ['typed', undefined]);
  });

  it('matches booleans only on boolean values', async () => {
    const rules = 'if extra.t == true { add comment = "true" }\nif extra.t != true { add comment = "not-true" }';
    assert.deepEqual(await comments(rules, [{ 'extra.t': true }, { 'extra.t': false }, { 'extra.t': 'true' }]), ['true', 'not-true', undefined]);
  });

  it(':exists and :notexists', async () => {
    const rules = "if :exists source.fqdn { add comment = 'has' }\nif :notexists source.fqdn { add comment = 'has not' }";
    assert.deepEqual(await comments(rules, [{ 'source.fqdn': 'example.com' }, IP]), ['has', 'has not']);
  });
});

describe('sieve expert: IP ranges and dates', () => {
  it('<< tests networks, single or list, IPv4 and IPv6, host bits ignored', async () => {
    const rules = [
      "if source.ip << '192.0.2.0/24' { add comment = 'doc' }",
      "elif source.ip << ['10.0.0.5/8', '172.16.0.0/255.240.0.0'] { add comment = 'private' }",
      "elif source.ip << '2001:620::/29' { add comment = 'switch' }",
    ].join('\n');
    const got = await comments(rules, [{ 'source.ip': '192.0.2.7' }, { 'source.ip': '10.1.2.3' }, { 'source.ip': '172.20.0.1' }, { 'source.ip': '2001:620:0:ff::1' }, { 'source.ip': '198.51.100.1' }]);
    assert.deepEqual(got, ['doc', 'private', 'private', 'switch', undefined]);
  });

  it('<< on a value that is no IP address warns and does not match', async () => {
    const r = await runSieve("if comment << '10.0.0.0/8' { add! comment = 'valid' }", [{ comment: 'text' }]);
    assert.equal(r.out['_default']![0]!['comment'], 'text');
    assert.ok(r.log.some((l) => l.level === 'WARNING' && l.message.includes('Could not parse IP address')));
  });

  it(':before and :after with absolute and relative times', async () => {
    const rules = [
      "if time.source :before '2000-01-01' { append extra.l 'before 2000' }",
      "if time.source :after '2000-01-01 12:00' { append extra.l 'after 2000' }",
      "if time.source :before '1 week' { append extra.l 'older than a week' }",
      "if time.source :after '2 days' { append extra.l 'last two days' }",
    ].join('\n');
    const now = new Date().toISOString().slice(0, 19) + '+00:00';
    const r = await runSieve(rules, [{ 'time.source': '1999-05-01T00:00:00+00:00' }, { 'time.source': now }]);
    assert.deepEqual(r.out['_default']!.map((e) => e['extra.l']), [['before 2000', 'older than a week'], ['after 2000', 'last two days']]);
  });

  it('a time that is neither absolute nor relative fails when evaluated', async () => {
    const r = await runSieve("if time.source :after 'yesterday-ish' { drop }", [{ 'time.source': '2020-01-01T00:00:00+00:00' }, IP]);
    assert.equal(r.dumps, 1);
    assert.equal(r.out['_default']!.length, 1);
  });
});

describe('sieve expert: expressions and branching', () => {
  it('! negates a condition or a group; && binds tighter than ||', async () => {
    const rules = [
      "if comment == 'a' && ! extra.t == 'x' { update comment = 'neg' }",
      "if comment == 'b' && !(extra.t == 'x' || extra.t == 'y') { update comment = 'neg-group' }",
      "if comment == 'c' && extra.t == 'x' || comment == 'd' { update comment = 'precedence' }",
      "if comment == 'e' && (extra.t == 'z' || comment == 'd') { update comment = 'unreachable' }",
    ].join('\n');
    const got = await comments(rules, [{ comment: 'a', 'extra.t': 'y' }, { comment: 'b', 'extra.t': 'z' }, { comment: 'd' }, { comment: 'e', 'extra.t': 'q' }]);
    assert.deepEqual(got, ['neg', 'neg-group', 'precedence', 'e']);
  });

  it('if / elif / else, nested, mixed with plain actions', async () => {
    const rules = [
      "add extra.tag = 'seen'",
      "if comment == 'm1' { if extra.t == 'a' { update comment = 'c1a' } elif extra.t == 'b' { update comment = 'c1b' } else { update comment = 'c1' } }",
      "elif comment == 'm2' { update comment = 'c2' }",
      "else { update comment = 'other' }",
    ].join('\n');
    const got = await comments(rules, [{ comment: 'm1', 'extra.t': 'a' }, { comment: 'm1', 'extra.t': 'b' }, { comment: 'm1' }, { comment: 'm2' }, { comment: 'zz' }]);
    assert.deepEqual(got, ['c1a', 'c1b', 'c1', 'c2', 'other']);
  });

  it('ignores # and // comments, but not inside strings', async () => {
    const rules = "// header\nif comment == '#x//y' { # trailing\n update comment = 'ok' // more\n}\n# update comment = 'no'";
    assert.deepEqual(await comments(rules, [{ comment: '#x//y' }]), ['ok']);
  });

  it('an empty file forwards everything', async () => {
    assert.deepEqual(await comments('  \n# nothing\n', [{ comment: 'x' }]), ['x']);
  });
});
