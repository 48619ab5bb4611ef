import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeRaw, runParser } from '../_testing/run-parser.ts';
import { bot, joinUrl } from './bot.ts';

const URL_ATTRIBUTE = {
  ShadowAttribute: [],
  SharingGroup: [],
  category: 'Payload delivery',
  comment: '',
  deleted: false,
  distribution: '5',
  event_id: '2',
  id: '7',
  sharing_group_id: '0',
  timestamp: '1465681304',
  to_ids: false,
  type: 'url',
  uuid: '575c8598-f1f0-4c16-a94a-0612c0a83866',
  value: 'http://fake.example.com/malware/is/here',
};

const misp = (overrides: Record<string, unknown> = {}) => ({
  Attribute: [
    URL_ATTRIBUTE,
    { category: 'Payload type', comment: '', timestamp: '1465681801', type: 'text', uuid: '575c8549-9010-4555-8b37-057ac0a83866', value: 'Locky' },
    { category: 'External analysis', comment: '', timestamp: '1465681801', type: 'url', uuid: '575c8549-0000-4555-8b37-057ac0a83866', value: 'http://analysis.example/' },
  ],
  Object: [{ name: 'domain-ip', Attribute: [{ category: 'Network activity', comment: 'resolved', timestamp: '1465681900', type: 'ip-dst', uuid: '575c8549-1111-4555-8b37-057ac0a83866', value: '192.0.2.7' }] }],
  Orgc: { id: '1', name: 'ORGNAME' },
  Tag: [{ id: '6', name: 'ecsirt:malicious-code="ransomware"' }, { id: '1', name: 'for_intelmq_processing' }],
  id: '2',
  info: 'A Random Event',
  uuid: '5758ebf5-c898-48e6-9fe9-5665c0a83866',
  ...overrides,
});

const FEED = { 'feed.url': 'http://192.168.56.102/', 'feed.name': 'misp_test' };

test('one event per attribute of a supported category and type, object attributes included', async () => {
  const { events, dumps } = await runParser(bot, JSON.stringify(misp(), null, 4), FEED);
  assert.equal(dumps.length, 0);
  assert.equal(events.length, 2);
  assert.deepEqual(events[0], {
    'feed.name': 'misp_test',
    'feed.url': 'http://192.168.56.102/',
    'time.observation': '2018-01-22T14:38:24+00:00',
    raw: Buffer.from(
      '{"ShadowAttribute": [], "SharingGroup": [], "category": "Payload delivery", "comment": "", "deleted": false, "distribution": "5", "event_id": "2", "id": "7", "sharing_group_id": "0", "timestamp": "1465681304", "to_ids": false, "type": "url", "uuid": "575c8598-f1f0-4c16-a94a-0612c0a83866", "value": "http://fake.example.com/malware/is/here"}',
    ).toString('base64'),
    'source.url': 'http://fake.example.com/malware/is/here',
    'misp.event_uuid': '5758ebf5-c898-48e6-9fe9-5665c0a83866',
    'misp.attribute_uuid': '575c8598-f1f0-4c16-a94a-0612c0a83866',
    'event_description.text': 'Payload delivery',
    'event_description.url': 'http://192.168.56.102/events/view/2',
    'malware.name': 'locky',
    'classification.type': 'infected-system',
    'time.source': '2016-06-11T21:41:44+00:00',
    __type: 'Event',
  });
  assert.equal(events[1]!['source.ip'], '192.0.2.7');
  assert.equal(events[1]!['comment'], 'resolved');
  assert.equal(events[1]!['event_description.text'], 'Network activity');
});

test('without an ecsirt tag the events are undetermined', async () => {
  const { events } = await runParser(bot, JSON.stringify(misp({ Tag: [{ name: 'tlp:white' }] })), FEED);
  assert.equal(events[0]!['classification.type'], 'undetermined');
});

test('an invalid attribute value is dumped with its MISP event, the others go on; broken JSON fails', async () => {
  const bad = misp({ Attribute: [{ ...URL_ATTRIBUTE, type: 'ip-src', value: 'not-an-ip' }, URL_ATTRIBUTE], Object: [] });
  const text = JSON.stringify(bad);
  const { events, dumps } = await runParser(bot, text, FEED);
  assert.equal(events.length, 1);
  assert.deepEqual(dumps, [text]);
  assert.equal(decodeRaw(events[0]!['raw']).includes('"type": "url"'), true);

  const broken = await runParser(bot, '{"Attribute": [', FEED);
  assert.equal(broken.events.length, 0);
  assert.equal(broken.dumps.length, 1);
});

test('urljoin of the MISP instance URL', () => {
  assert.equal(joinUrl('https://misp.example/', 'events/view/5'), 'https://misp.example/events/view/5');
  assert.equal(joinUrl('https://misp.example', 'events/view/5'), 'https://misp.example/events/view/5');
  assert.equal(joinUrl('https://misp.example/misp/index?x=1', 'events/view/5'), 'https://misp.example/misp/events/view/5');
  assert.equal(joinUrl('misp.example', 'events/view/5'), 'events/view/5');
});
