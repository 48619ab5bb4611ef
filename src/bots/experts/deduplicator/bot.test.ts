import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { createInMemoryBot } from '../../../conformance/harness.ts';
import { Event, packagedHarmonization } from '../../../message/index.ts';
import { bot, parseFilterKeys } from './bot.ts';

const DB = 14;
const harmonization = packagedHarmonization();

async function run(params: Record<string, unknown>, inputs: Array<Record<string, unknown>>, options: { batch?: boolean; committed?: boolean; varStatePath?: string } = {}) {
  const b = await createInMemoryBot(bot, { params: { redis_cache_db: DB, ...params }, paths: ['_default'], harmonization, ...(options.varStatePath ? { varStatePath: options.varStatePath } : {}) });
  try {
    const { output } = await b.run(inputs.map((m) => JSON.stringify({ ...m, __type: 'Event' })), options);
    return output['_default']!;
  } finally {
    await b.close();
  }
}

test('filter_keys: comma string with spaces, or a list', () => {
  assert.deepEqual([...parseFilterKeys('raw ,time.observation ')], ['raw', 'time.observation']);
  assert.deepEqual([...parseFilterKeys(['source.ip'])], ['source.ip']);
});

test('our hash is the one a Python deduplicator writes to Redis', () => {
  // message-format.md §6.
  const e = new Event(harmonization);
  e.add('source.ip', '192.0.2.1');
  e.add('source.port', 80);
  e.add('feed.accuracy', 100);
  e.add('source.tor_node', true);
  e.add('extra.x', { b: 1, a: [1, 'ü', null] });
  e.add('comment', "it's");
  assert.equal(e.hash(), '4cd2a24e6c0d937103736f4a3cd0f7c758d0dd773df1e928bbcd6298a513c482');
  assert.equal(e.hash(['source.ip'], 'whitelist'), 'f801c09d52093084fe48d9651a62d3ff57b8a642669ffb7ed2575d2510eea1b4');
  // Keys recorded from upstream's deduplicator tests (cache contents after its runs).
  const zeus = new Event(harmonization, { 'classification.identifier': 'zeus', 'source.ip': '192.168.0.4', 'time.observation': '2015-01-01T13:37:00+00:00' });
  assert.equal(zeus.hash(parseFilterKeys('raw ,time.observation '), 'blacklist'), '742b8767986bbe3bd776197ceafcaf0c1f4217c5c228556ab11140512a6f1378');
  const ip = new Event(harmonization, { 'source.ip': '127.0.0.8', 'destination.ip': '127.0.0.7' });
  assert.equal(ip.hash(['source.ip'], 'whitelist'), 'ef4805642a2b024fb5197d21b86558b6ab73376d8fa8fbf243d43c45d63a7d58');
  assert.equal(new Event(harmonization, { 'destination.ip': '127.0.0.7' }).hash(['source.ip'], 'whitelist'), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
});

test('second sighting within the TTL is dropped; the key is set with upstream value and TTL', async () => {
  const marker = `dedup-test-${randomUUID()}`;
  const event = { comment: marker, 'source.ip': '192.0.2.1' };
  const hash = new Event(harmonization, event).hash(['raw', 'time.observation']);
  const redis = new Redis({ db: DB, lazyConnect: true });
  await redis.connect();
  try {
    const out = await run({ filter_keys: 'raw,time.observation', redis_cache_ttl: 120 }, [event, { ...event, 'time.observation': '2020-01-01T00:00:00+00:00' }]);
    assert.equal(out.length, 1);
    assert.equal(await redis.get(hash), 'hash');
    const ttl = await redis.ttl(hash);
    assert.ok(ttl > 0 && ttl <= 120, `ttl ${ttl}`);
    // A new instance sees the stored hash too.
    assert.equal((await run({}, [event])).length, 0);
  } finally {
    await redis.del(hash);
    redis.disconnect();
  }
});

test('whitelist hashes only the listed keys; bypass forwards duplicates', async () => {
  const marker = `dedup-test-${randomUUID()}`;
  const a = { comment: marker, 'source.fqdn': 'a.example.com' };
  const b = { comment: marker, 'source.fqdn': 'b.example.com' };
  const hash = new Event(harmonization, a).hash(['comment'], 'whitelist');
  try {
    assert.equal((await run({ filter_type: 'whitelist', filter_keys: 'comment' }, [a, b])).length, 1);
    assert.equal((await run({ bypass: true, filter_type: 'whitelist', filter_keys: 'comment' }, [a, b])).length, 2);
  } finally {
    const redis = new Redis({ db: DB });
    await redis.del(hash);
    redis.disconnect();
  }
});

test('an unknown filter_type is rejected at start', async () => {
  await assert.rejects(createInMemoryBot(bot, { params: { filter_type: 'greylist' }, paths: ['_default'], harmonization }), /filter_type/);
});

for (const backend of ['redis', 'embedded'] as const) {
  test(`${backend} cache: a batch is looked up at once, with repeats inside the batch and from earlier batches dropped`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dedup-'));
    try {
      const marker = `dedup-batch-${randomUUID()}`;
      const a = { comment: `${marker}-a` };
      const b = { comment: `${marker}-b` };
      const c = { comment: `${marker}-c` };
      const params = { cache_backend: backend, redis_cache_ttl: 60 };
      const first = await run(params, [a, b, a, c], { batch: true, varStatePath: join(dir, 'bots') });
      assert.deepEqual(first.map((m) => (JSON.parse(m) as Record<string, string>)['comment']), [a.comment, b.comment, c.comment]);
      const second = await run(params, [c, { comment: `${marker}-d` }], { batch: true, varStatePath: join(dir, 'bots') });
      assert.deepEqual(second.map((m) => (JSON.parse(m) as Record<string, string>)['comment']), [`${marker}-d`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

for (const backend of ['redis', 'embedded'] as const) {
  test(`${backend} cache: a batch that went back to the queue marks nothing, so its re-delivery is forwarded, not lost`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dedup-'));
    try {
      const event = { comment: `dedup-crash-${randomUUID()}` };
      const params = { cache_backend: backend, redis_cache_ttl: 60 };
      const options = { batch: true, varStatePath: join(dir, 'bots') };
      assert.equal((await run(params, [event, event], { ...options, committed: false })).length, 1);
      assert.equal((await run(params, [event], options)).length, 1, 'the re-delivered event was dropped');
      assert.equal((await run(params, [event], options)).length, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
