/**
 * Malformed messages in a bot's source queue — not JSON, an unknown
 * `__type`, a value the harmonization rejects, bytes that are not UTF-8 —
 * end up in `<root>/var/log/<bot-id>.dump` with their error, in upstream's
 * dump format, and the bot goes on: the valid messages after each of them
 * arrive, and the queue ends up empty.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import amqp from 'amqplib';
import { Redis } from 'ioredis';
import { QUEUE_ARGUMENTS } from '../../src/pipeline/amqp-connection.ts';
import { requireService } from '../helpers/services.ts';
import { createBotnet, waitFor } from './botnet.ts';
import { botLog, delivery, fileLines, globalsFor, logRecords, numberedEvent, queueClient, serviceOf, tally, type BrokerName } from './helpers-pipeline.ts';

const NOT_JSON = 'this is not JSON {';
const WRONG_TYPE = '{"source.ip": "192.0.2.1", "__type": "Ticket"}';
const INVALID_VALUE = '{"source.asn": "foo", "__type": "Event"}';
const NOT_UTF8 = Buffer.from([0x7b, 0x22, 0x61, 0xff, 0xfe, 0x22, 0x7d]);

/** Naive UTC `datetime.isoformat()`. */
const TIMESTAMP_KEY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?$/;

interface DumpEntry {
  bot_id: string;
  message: string;
  message_type?: string;
  source_queue: string;
  traceback: string[] | string;
}

/** The bad messages each broker can carry, each followed by a valid event. */
function badMessages(broker: BrokerName): Buffer[] {
  const text = [NOT_JSON, WRONG_TYPE, INVALID_VALUE].map((s) => Buffer.from(s));
  // The embedded broker's API takes text only: invalid UTF-8 cannot get into it.
  return broker === 'embedded' ? text : [...text, NOT_UTF8];
}

/** Enqueues raw bodies, in order, the way a foreign producer would. */
async function pushRaw(broker: BrokerName, globals: Record<string, unknown>, queue: string, bodies: readonly Buffer[]): Promise<void> {
  if (broker === 'embedded') {
    const client = queueClient(broker, globals);
    try {
      await client.push(queue, bodies.map((b) => b.toString('utf8')));
    } finally {
      await client.close();
    }
  } else if (broker === 'redis') {
    const redis = new Redis({ port: Number(globals['source_pipeline_port']), db: Number(globals['source_pipeline_db']) });
    try {
      for (const b of bodies) await redis.lpush(queue, b);
    } finally {
      redis.disconnect();
    }
  } else {
    const connection = await amqp.connect('amqp://guest:guest@127.0.0.1:5672');
    try {
      const channel = await connection.createConfirmChannel();
      await channel.assertQueue(queue, QUEUE_ARGUMENTS);
      for (const b of bodies) channel.sendToQueue(queue, b, { persistent: true });
      await channel.waitForConfirms();
    } finally {
      await connection.close();
    }
  }
}

/** Python `json.dumps(v, indent=4, sort_keys=True)`, written independently of the implementation under test. */
function pythonIndented(value: unknown): string {
  const sorted = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(sorted) : v !== null && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted((v as Record<string, unknown>)[k])])) : v;
  return JSON.stringify(sorted(value), null, 4).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const tracebackText = (e: DumpEntry): string => (Array.isArray(e.traceback) ? e.traceback.join('') : e.traceback);

for (const broker of ['embedded', 'redis', 'amqp'] as const satisfies readonly BrokerName[]) {
  test(`${broker}: malformed messages are dumped with their error and the bot goes on with the next one`, { timeout: 60_000 }, async (t) => {
    const service = serviceOf(broker);
    if (service && !(await requireService(t, ...service))) return;
    const id = `bad${randomBytes(3).toString('hex')}-out`;
    const input = `${id}-queue`;
    const settings = (root: string) => ({ ...globalsFor(broker, root), error_max_retries: 1, error_retry_delay: 0 });
    const net = createBotnet((root) => ({
      global: settings(root),
      [id]: { module: 'intelmq.bots.outputs.file.output', group: 'Output', name: 'out', parameters: { file: join(root, 'events.txt') } },
    }));
    const events = join(net.root, 'events.txt');
    const dumpFile = join(net.root, 'var/log', `${id}.dump`);
    const bad = badMessages(broker);
    const started = Date.now();
    try {
      const bodies: Buffer[] = [Buffer.from(numberedEvent(0))];
      bad.forEach((b, i) => bodies.push(b, Buffer.from(numberedEvent(i + 1))));
      await pushRaw(broker, settings(net.root), input, bodies);
      const child = net.start(id);
      await net.waitReady(id);
      await waitFor(() => tally(fileLines(events)).size >= bad.length + 1, 30_000, 'the valid events in the output file');

      const { missing, duplicates } = delivery(tally(fileLines(events)), bad.length + 1);
      assert.deepEqual(missing, [], 'every valid event, before and after each bad one, arrives');
      assert.equal(duplicates, 0);
      assert.equal(child.exitCode, null, `the bot keeps running; log:\n${botLog(net.root, id).slice(-3000)}`);
      if (broker !== 'amqp') {
        const queues = queueClient(broker, settings(net.root));
        await waitFor(async () => (await queues.count(input)) + (await queues.inFlight(input)) === 0, 10_000, 'the source queue to be empty and nothing in flight');
        await queues.close();
      }

      await waitFor(() => existsSync(dumpFile) && Object.keys(JSON.parse(readFileSync(dumpFile, 'utf8')) as object).length >= bad.length, 10_000, 'the dump entries');
      // Stopping flushes the buffered INFO lines checked below.
      await net.stopAll();
      const text = readFileSync(dumpFile, 'utf8');
      const dump = JSON.parse(text) as Record<string, DumpEntry>;
      assert.equal(text, pythonIndented(dump), 'the dump file is formatted as Python json.dump(indent=4, sort_keys=True)');
      const entries = Object.entries(dump);
      assert.equal(entries.length, bad.length, `one entry per bad message:\n${text}`);
      for (const [key, entry] of entries) {
        assert.match(key, TIMESTAMP_KEY);
        const when = Date.parse(`${key}Z`);
        assert.ok(when >= started - 1000 && when <= Date.now() + 1000, `timestamp key ${key} is the naive UTC time of the dump`);
        assert.deepEqual(Object.keys(entry).sort(), [...(entry.message_type === undefined ? [] : ['message_type']), 'bot_id', 'message', 'source_queue', 'traceback'].sort());
        assert.equal(entry.bot_id, id);
        assert.equal(entry.source_queue, input);
        assert.ok(typeof entry.traceback === 'string' || (entry.traceback.length > 0 && entry.traceback.every((l) => typeof l === 'string')), 'traceback: a string or a list of strings');
        if (entry.message_type !== undefined) assert.equal(entry.message_type, 'base64');
      }
      const find = (what: string, match: (e: DumpEntry) => boolean): DumpEntry => {
        const found = entries.map(([, e]) => e).filter(match);
        assert.equal(found.length, 1, `one dump entry for ${what}:\n${text}`);
        return found[0]!;
      };
      const decoded = (e: DumpEntry): Buffer => (e.message_type === 'base64' ? Buffer.from(e.message, 'base64') : Buffer.from(e.message));

      assert.match(tracebackText(find('the text that is not JSON', (e) => e.message === NOT_JSON && e.message_type === undefined)), /SyntaxError|JSON/);
      assert.match(tracebackText(find('the unknown __type', (e) => e.message === WRONG_TYPE && e.message_type === undefined)), /__type/);
      // Upstream dumps the JSON of the dict the message was built from (base64); the input text itself is allowed too.
      const invalid = find('the invalid source.asn', (e) => /"source\.asn": ?"foo"/.test(decoded(e).toString('utf8')));
      assert.match(tracebackText(invalid), /source\.asn/);
      assert.equal(logRecords(net.root, id, 'ERROR', 'Found an invalid value that violates the harmonization rules.').length, 1);
      if (bad.includes(NOT_UTF8)) {
        const bytes = find('the bytes that are not UTF-8', (e) => e.message_type === 'base64' && decoded(e).equals(NOT_UTF8));
        assert.match(tracebackText(bytes), /decod/i);
        assert.equal(logRecords(net.root, id, 'ERROR', 'Could not decode message from pipeline. No retries useful.').length, 1);
      }
      assert.equal(logRecords(net.root, id, 'INFO', 'Dumping message to dump file.').length, bad.length);
    } finally {
      await net.stopAll();
      net.cleanup();
    }
  });
}
