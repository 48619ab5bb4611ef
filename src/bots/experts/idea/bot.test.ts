import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createInMemoryBot } from '../../../conformance/harness.ts';
import { packagedHarmonization } from '../../../message/index.ts';
import { bot } from './bot.ts';
import { TYPE_TO_CATEGORY } from './translation.ts';

/** An output message as a dict, without the wire-only `__type`. */
function withoutType(wire: string): Record<string, unknown> {
  const { __type: _type, ...fields } = JSON.parse(wire) as Record<string, unknown>;
  return fields;
}

async function run(params: Record<string, unknown>, input: Record<string, unknown>) {
  const b = await createInMemoryBot(bot, { params, paths: ['_default'], harmonization: packagedHarmonization() });
  try {
    const { output, dumps } = await b.run([JSON.stringify({ ...input, __type: 'Event' })]);
    return { out: output['_default']!.map(withoutType), dumps };
  } finally {
    await b.close();
  }
}

// Upstream's test case.
const INPUT = {
  'classification.type': 'malware',
  'destination.ip': '2001:DB8::BB2B:F258',
  'destination.port': 22,
  'event_description.target': 'DHL',
  'event_description.text': 'Angler EK',
  'event_description.url': 'http://www.phishtank.com/phish_detail.php?phish_id=3989866',
  'feed.accuracy': 100.0,
  'feed.name': 'Malware Domain List',
  'feed.url': 'http://www.malwaredomainlist.com/updatescsv.php',
  'misp.event_uuid': '81494d6a-0341-11e7-a0ef-002564d9514f',
  'protocol.application': 'ssh',
  'protocol.transport': 'tcp',
  raw: 'MjAxNi8wNC8yMF8xNDoyOCx3Yzl1ai5scnZhMzJ4d2QudG9wL1NIbnhCZEUtck1UWWZwLUNTaHIvVktkdGstOTgzLUVqcUovLDE4NS4xNDEuMjUuNjAsLSxBbmdsZXIgRUssUmVnaXN0cmFudCBtYXlrb2VAbGlzdC5ydSw2MDExNw==',
  'source.as_name': 'PURDUE - Purdue University, US',
  'source.asn': 60117,
  'source.ip': '185.141.25.60',
  'source.network': '0.0.0.0/8',
  'source.reverse_dns': 'customer.worldstream.nl',
  'source.url': 'http://wc9uj.lrva32xwd.top/SHnxBdE-rMTYfp-CShr/VKdtk-983-EjqJ/',
  'time.observation': '2016-04-20T19:02:35+00:00',
  'time.source': '2016-04-20T14:28:00+00:00',
};

const EXPECTED = {
  Format: 'IDEA0',
  Description: 'Malware Domain List: Angler EK',
  Category: ['Malware'],
  DetectTime: '2016-04-20T19:02:35+00:00',
  EventTime: '2016-04-20T14:28:00+00:00',
  Confidence: 1,
  Ref: ['http://www.phishtank.com/phish_detail.php?phish_id=3989866', 'misp_event:81494d6a-0341-11e7-a0ef-002564d9514f'],
  Target: [{ IP6: ['2001:DB8::BB2B:F258'], Port: [22], Proto: ['tcp', 'ssh'] }],
  Source: [{ URL: ['http://wc9uj.lrva32xwd.top/SHnxBdE-rMTYfp-CShr/VKdtk-983-EjqJ/'], ASN: [60117], PTR: ['customer.worldstream.nl'], IP4: ['185.141.25.60'], Proto: ['tcp', 'ssh'] }],
  Attach: [
    {
      Content: '2016/04/20_14:28,wc9uj.lrva32xwd.top/SHnxBdE-rMTYfp-CShr/VKdtk-983-EjqJ/,185.141.25.60,-,Angler EK,Registrant maykoe@list.ru,60117',
      Type: ['OrigData'],
      Ref: ['http://www.malwaredomainlist.com/updatescsv.php'],
    },
  ],
};

function idea(out: Array<Record<string, unknown>>): Record<string, unknown> {
  return JSON.parse(out[0]!['output'] as string) as Record<string, unknown>;
}

test('upstream conversion case', async () => {
  const doc = idea((await run({ test_mode: false }, INPUT)).out);
  assert.match(String(doc['ID']), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  delete doc['ID'];
  assert.deepEqual(doc, EXPECTED);
});

test('test_mode adds Test; tor nodes, source types, hashes and quoting', async () => {
  const doc = idea(
    (await run({ test_mode: true }, { 'feed.name': 'F', 'classification.type': 'c2-server', 'source.tor_node': false, 'destination.tor_node': true, 'malware.name': 'zeus bot/1', 'feed.code': 'a&b', 'feed.accuracy': 50.0 })).out,
  );
  assert.deepEqual(doc['Category'], ['Intrusion.Botnet', 'Test']);
  assert.equal(doc['Description'], 'F: c2-server');
  assert.equal(doc['Confidence'], 0.5);
  assert.deepEqual(doc['Ref'], ['intelmq_feed:a%26b']);
  assert.deepEqual(doc['Attach'], [{ Ref: ['malware:zeus+bot%2F1-'] }]);
  // Python's `False and "Tor"` is False, and upstream keeps it.
  assert.deepEqual(doc['Source'], [{ Type: ['CC', false] }]);
  assert.deepEqual(doc['Target'], [{ Type: ['Tor'] }]);
});

test('every classification type of the harmonization has a category', () => {
  for (const type of ['scanner', 'phishing', 'vulnerable-system', 'undetermined', 'misconfiguration', 'ddos-amplifier']) {
    assert.ok(TYPE_TO_CATEGORY[type], type);
  }
});

test('a numeric rtir_id fails the message, as quote_plus does upstream', async () => {
  const { out, dumps } = await run({}, { 'feed.name': 'F', rtir_id: 7 });
  assert.equal(out.length, 0);
  assert.equal(dumps.length, 1);
});
