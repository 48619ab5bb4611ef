import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { Event, Report, unserialize, InvalidKey, InvalidValue, KeyExists, KeyNotExists, InvalidArgument } from './index.ts';

test('wire format is byte-identical to upstream json.dumps', () => {
  const r = new Report();
  r.add('feed.name', 'Example');
  r.add('feed.url', 'https://example.com/');
  r.add('raw', 'lorem ipsum');
  r.add('time.observation', '2015-01-01T13:37:00+00:00');
  assert.equal(r.serialize(), '{"feed.name": "Example", "feed.url": "https://example.com/", "raw": "bG9yZW0gaXBzdW0=", "time.observation": "2015-01-01T13:37:00+00:00", "__type": "Report"}');
  assert.equal(new Event().serialize(), '{"__type": "Event"}');
});

function sampleEvent(): Event {
  const e = new Event();
  e.add('source.ip', '192.0.2.1');
  e.add('source.port', 80);
  e.add('feed.accuracy', 100);
  e.add('source.tor_node', true);
  e.add('extra.x', { b: 1, a: [1, 'ü', null] });
  e.add('comment', "it's");
  return e;
}

test('floats, nested extra and non-ASCII serialise as upstream', () => {
  assert.equal(
    sampleEvent().serialize(),
    '{"source.ip": "192.0.2.1", "source.port": 80, "feed.accuracy": 100.0, "source.tor_node": true, "extra.x": {"b": 1, "a": [1, "\\u00fc", null]}, "comment": "it\'s", "__type": "Event"}',
  );
});

test('hash matches upstream vectors', () => {
  const r = new Report();
  r.add('feed.name', 'Example');
  r.add('feed.url', 'https://example.com/');
  r.add('raw', 'bG9yZW0gaXBzdW0=', { sanitize: false });
  r.add('time.observation', '2015-01-01T13:37:00+00:00');
  assert.equal(r.hash(), 'd04aa050afdc58a39329c78c3b59ce6fb6f11effe180fe8084b4f1e89007de71');
  r.change('time.observation', '2016-01-01T13:37:00+00:00');
  assert.equal(r.hash(), 'd04aa050afdc58a39329c78c3b59ce6fb6f11effe180fe8084b4f1e89007de71');
  const e = sampleEvent();
  assert.equal(e.hash(), '4cd2a24e6c0d937103736f4a3cd0f7c758d0dd773df1e928bbcd6298a513c482');
  assert.equal(e.hash(['source.ip'], 'whitelist'), 'f801c09d52093084fe48d9651a62d3ff57b8a642669ffb7ed2575d2510eea1b4');
  assert.equal(new Event().hash(), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  assert.throws(() => e.hash([], 'other' as 'whitelist'), InvalidArgument);
});

test('add: overwrite semantics and ignored values', () => {
  const e = new Event();
  assert.equal(e.add('source.ip', '192.0.2.1'), true);
  assert.throws(() => e.add('source.ip', '192.0.2.2'), KeyExists);
  assert.equal(e.add('source.ip', '192.0.2.2', { overwrite: false }), false);
  assert.equal(e.get('source.ip'), '192.0.2.1');
  assert.equal(e.add('source.ip', '192.0.2.3', { overwrite: true }), true);
  assert.equal(e.add('source.ip', '-', { overwrite: true }), null);
  assert.equal(e.has('source.ip'), false);
  assert.equal(e.add('comment', 'N/A'), null);
  assert.equal(e.add('comment', 'x', { ignore: ['x'] }), null);
  assert.throws(() => e.add('foo', 'x'), InvalidKey);
  assert.throws(() => e.add('extra.Foo', 'x'), InvalidKey);
  assert.throws(() => e.add('source.port', 'abc'), InvalidValue);
  assert.equal(e.add('source.port', 'abc', { raiseFailure: false }), false);
  assert.throws(() => e.add('source.port', 123456), /too long/);
  assert.equal(e.add('destination.port', 123456), true);
  assert.throws(() => e.change('source.asn', 1), KeyNotExists);
});

test('extra as a dict is exploded one level, sorted, empty values kept', () => {
  const e = new Event();
  e.add('extra', { b: { x: 1 }, a: '' });
  assert.deepEqual([...e.keys()], ['extra.a', 'extra.b']);
  assert.deepEqual(e.get('extra.b'), { x: 1 });
  assert.equal(e.get('extra'), '{"a": "", "b": {"x": 1}}');
  assert.equal(e.has('extra'), true);
  assert.throws(() => e.add('extra', { c: 1 }), KeyExists);
  e.add('extra', { c: 1 }, { overwrite: true });
  assert.deepEqual([...e.keys()], ['extra.c']);
  e.remove('extra');
  assert.equal(e.size, 0);
});

test('construction keeps valid values unchanged and sanitises the rest', () => {
  const e = unserialize('{"source.ip": "2001:DB8::1", "time.source": "2019-01-01 10:00", "__type": "Event"}') as Event;
  assert.equal(e.get('source.ip'), '2001:DB8::1');
  assert.equal(e.get('time.source'), '2019-01-01T10:00:00+00:00');
  assert.throws(() => unserialize('{"source.asn": "foo", "__type": "Event"}'), InvalidValue);
  assert.throws(() => unserialize('{"__type": "Message"}'), InvalidArgument);
  assert.throws(() => unserialize('{"foo.bar": 1, "__type": "Event"}'), InvalidKey);
  const nested = unserialize('{"extra": {"x": 1}, "__type": "Event"}');
  assert.equal(nested.get('extra.x'), 1);
});

test('Report to Event carries over exactly the feed fields', () => {
  const r = new Report(undefined, { 'feed.name': 'X', 'feed.accuracy': 50, raw: 'YQ==', 'extra.file_name': 'f.csv', 'time.observation': '2020-01-01T00:00:00+00:00' });
  const e = Event.fromReport(r);
  assert.deepEqual(Object.keys(e.toDict()).sort(), ['feed.accuracy', 'feed.name', 'time.observation']);
  assert.equal(Event.fromReport(r, ['extra.file_name']).get('extra.file_name'), 'f.csv');
});

test('toJson sorts keys, keeps UTF-8 and nests when hierarchical', () => {
  const e = new Event();
  e.add('source.ip', '192.0.2.1');
  e.add('comment', 'ü');
  e.add('feed.accuracy', 50);
  assert.equal(e.toJson(), '{"comment": "ü", "feed.accuracy": 50.0, "source.ip": "192.0.2.1"}');
  assert.equal(e.toJson({ hierarchical: true, withType: true }), '{"__type": "Event", "comment": "ü", "feed": {"accuracy": 50.0}, "source": {"ip": "192.0.2.1"}}');
});

const VECTORS = new URL('../../../shared/conformance/public/', import.meta.url);

test('messages written by upstream round-trip through our reader and writer, field for field', (t) => {
  if (!existsSync(VECTORS)) {
    t.skip('conformance vectors not found beside the checkout');
    return;
  }
  let checked = 0;
  for (const name of readdirSync(VECTORS).filter((n) => n.endsWith('.json'))) {
    const v = JSON.parse(readFileSync(new URL(name, VECTORS), 'utf8'));
    for (const run of v.runs ?? [v]) {
      for (const msgs of Object.values(run.output ?? {}) as Array<Array<Record<string, unknown>>>) {
        for (const dict of msgs) {
          const wire = JSON.stringify(dict);
          const ours = unserialize(wire);
          // Upstream's reader drops empty values ("", "-", "N/A") too: its add() ignores them.
          const expected = Object.fromEntries(Object.entries(dict).filter(([, v]) => !['', '-', 'N/A'].includes(v as string)));
          const back = JSON.parse(ours.serialize());
          assert.deepEqual(back, expected, `${name}`);
          assert.deepEqual(JSON.parse(unserialize(ours.serialize()).serialize()), expected);
          checked++;
        }
      }
    }
  }
  assert.ok(checked > 300, `only ${checked} messages checked`);
});
