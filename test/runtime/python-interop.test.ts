/**
 * Mixed deployment with Python IntelMQ on one Redis: every event a Python bot
 * produced in the public conformance vectors (their `output` sections), as
 * Python's Message.serialize() writes it (json.dumps defaults: `", "` and
 * `": "`, ASCII escapes, `__type` last), is LPUSHed onto our bot's queue with
 * upstream's key layout. Our taxonomy expert must take every one of them, and
 * what it writes to the destination list must be a message upstream reads:
 * flat harmonization keys, the right JSON type per field, Python's
 * serialisation, and a lossless round trip through our own reader.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { PACKAGED_HARMONIZATION } from '../../src/message/harmonization.ts';
import { packagedHarmonization, pyJsonDumps, unserialize } from '../../src/message/index.ts';
import { PyFloat } from '../../src/message/types/field-type.ts';
import { requireService } from '../helpers/services.ts';
import { createBotnet, waitFor } from './botnet.ts';
import { botLog, globalsFor, REDIS_SERVICE } from './helpers-pipeline.ts';

const VECTORS = '/work/shared/conformance/public';
/** Upstream's default pipeline database. */
const UPSTREAM_DB = 2;

type Dict = Record<string, unknown>;

/** Field → harmonization type name, read from the harmonization file itself. */
const FIELD_TYPES: ReadonlyMap<string, string> = new Map(
  Object.entries((JSON.parse(readFileSync(PACKAGED_HARMONIZATION, 'utf8')) as { event: Record<string, { type: string }> }).event).map(([k, v]) => [k, v.type]),
);
const FLOAT_TYPES = new Set(['Float', 'Accuracy']);
/** Upstream's Message._IGNORED_VALUES: add() skips them, so every reader (Python's too) drops such fields. */
const IGNORED_VALUES: ReadonlySet<unknown> = new Set(['', '-', 'N/A']);
const INTEGER_TYPES = new Set(['Integer', 'ASN']);

/** Distinct events from the `output` sections (top level and per run), as parsed dicts. */
function pythonEvents(): Dict[] {
  const seen = new Map<string, Dict>();
  for (const name of readdirSync(VECTORS).filter((f) => f.endsWith('.json')).sort()) {
    const vector = JSON.parse(readFileSync(join(VECTORS, name), 'utf8')) as { output?: Record<string, Dict[]>; runs?: Array<{ output?: Record<string, Dict[]> }> };
    for (const output of [vector.output, ...(vector.runs ?? []).map((r) => r.output)]) {
      for (const message of Object.values(output ?? {}).flat()) {
        if (message['__type'] === 'Event') seen.set(JSON.stringify(message), message);
      }
    }
  }
  return [...seen.values()];
}

/**
 * Python `json.dumps(event)` for Message.serialize(): insertion order with
 * `__type` last. Float fields are floats in Python even when integral (100.0),
 * which JSON.parse cannot tell, so the harmonization decides.
 */
function pythonWire(event: Dict): string {
  const out: Dict = {};
  for (const [k, v] of Object.entries(event)) {
    if (k !== '__type') out[k] = typeof v === 'number' && FLOAT_TYPES.has(FIELD_TYPES.get(k) ?? '') ? new PyFloat(v) : v;
  }
  out['__type'] = event['__type'];
  return pyJsonDumps(out);
}

/** Why `key: value` is not what upstream expects on the wire, or null. */
function fieldProblem(key: string, value: unknown, wire: string): string | null {
  if (key.startsWith('extra.')) return key.length > 'extra.'.length ? null : 'empty extra key';
  const type = FIELD_TYPES.get(key);
  if (type === undefined) return 'not a harmonization field';
  if (INTEGER_TYPES.has(type)) return Number.isInteger(value) ? null : `${type} must be a JSON integer`;
  if (FLOAT_TYPES.has(type)) {
    if (typeof value !== 'number') return `${type} must be a JSON number`;
    // Python writes floats with a fraction or exponent (100.0, 1e-05), never as a bare integer.
    const literal = new RegExp(`"${key.replace(/\./g, '\\.')}": (-?[0-9.eE+-]+)`).exec(wire)?.[1] ?? '';
    return /[.eE]/.test(literal) ? null : `${type} written as ${literal}, not as a Python float`;
  }
  if (type === 'Boolean') return typeof value === 'boolean' ? null : 'Boolean must be a JSON boolean';
  return typeof value === 'string' ? null : `${type} must be a JSON string`;
}

test('events serialised by Python IntelMQ on a Redis queue are processed and come out as valid upstream messages', { timeout: 60_000 }, async (t) => {
  if (!(await requireService(t, ...REDIS_SERVICE))) return;
  const tag = `py${randomBytes(3).toString('hex')}`;
  const id = `${tag}-taxonomy`;
  const [input, output] = [`${id}-queue`, `${tag}-out-queue`];
  const net = createBotnet((root) => ({
    global: globalsFor('redis', root, { redisDb: UPSTREAM_DB }),
    [id]: { module: 'intelmq.bots.experts.taxonomy.expert', group: 'Expert', name: 'taxonomy', parameters: { destination_queues: { _default: [output] } } },
  }));
  const redis = new Redis({ port: 6379, db: UPSTREAM_DB });
  try {
    const events = pythonEvents();
    const wires = events.map(pythonWire);
    assert.ok(events.length > 100, `${events.length} events from the conformance vectors`);
    assert.ok(wires.some((w) => /\\u[0-9a-f]{4}/.test(w)), 'some carry non-ASCII text, escaped as Python does');
    // Upstream producers LPUSH; consumers take from the right end.
    for (const wire of wires) await redis.lpush(input, wire);
    net.start(id);
    await net.waitReady(id);
    await waitFor(async () => (await redis.llen(output)) >= wires.length || existsSync(join(net.root, 'var/log', `${id}.dump`)), 30_000, `${wires.length} messages on the destination list`);
    await waitFor(async () => (await redis.exists(input, `${input}-internal`)) === 0, 10_000, 'the source queue and its internal queue to be gone');
    const dump = join(net.root, 'var/log', `${id}.dump`);
    assert.ok(!existsSync(dump), `messages were rejected:\n${existsSync(dump) ? readFileSync(dump, 'utf8').slice(0, 3000) : ''}\n${botLog(net.root, id).slice(-2000)}`);

    assert.equal(await redis.type(output), 'list');
    const outs = (await redis.lrange(output, 0, -1)).reverse();
    assert.equal(outs.length, wires.length);
    let unchanged = 0;
    for (let i = 0; i < outs.length; i++) {
      const [sent, got] = [events[i]!, outs[i]!];
      const context = `message ${i}:\n  in:  ${wires[i]}\n  out: ${got}`;
      assert.match(got, /^[\x20-\x7e]*$/, `ASCII only, non-ASCII escaped; ${context}`);
      const parsed = JSON.parse(got) as Dict;
      const keys = Object.keys(parsed);
      assert.equal(keys.at(-1), '__type', `__type comes last; ${context}`);
      assert.equal(parsed['__type'], 'Event', context);
      for (const key of keys.slice(0, -1)) {
        const problem = fieldProblem(key, parsed[key], got);
        assert.equal(problem, null, `${key}: ${problem}; ${context}`);
      }
      assert.equal(got, pythonWire(parsed), `byte-identical to Python's json.dumps of the same event; ${context}`);
      assert.equal(unserialize(got, packagedHarmonization()).serialize(), got, `round trip through our reader; ${context}`);

      // The expert only adds classification fields; everything a reader keeps passes unchanged and in order.
      const kept = Object.entries(sent).filter(([, v]) => !IGNORED_VALUES.has(v));
      for (const [k, v] of kept) assert.deepEqual(parsed[k], v, `${k} unchanged; ${context}`);
      const dropped = Object.keys(sent).filter((k) => !(k in parsed));
      assert.ok(dropped.every((k) => IGNORED_VALUES.has(sent[k])), `only ignored values dropped (${dropped.join(', ')}); ${context}`);
      const added = keys.filter((k) => !(k in sent));
      assert.ok(added.every((k) => k === 'classification.taxonomy' || k === 'classification.type'), `only classification added (${added.join(', ')}); ${context}`);
      const sentOrder = kept.map(([k]) => k).filter((k) => k !== '__type');
      assert.deepEqual(keys.filter((k) => sentOrder.includes(k)), sentOrder, `key order kept; ${context}`);
      if (added.length === 0 && dropped.length === 0) {
        assert.equal(got, wires[i], `an event the bot does not change leaves byte-identical; ${context}`);
        unchanged++;
      }
    }
    t.diagnostic(`${outs.length} Python events processed; ${unchanged} passed byte-identical, ${outs.length - unchanged} got classification fields added`);
  } finally {
    await net.stopAll();
    await redis.del(input, `${input}-internal`, output);
    redis.disconnect();
    net.cleanup();
  }
});
