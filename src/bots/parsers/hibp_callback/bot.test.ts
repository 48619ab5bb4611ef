import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeRaw, runParser } from '../_testing/run-parser.ts';
import { bot } from './bot.ts';

const BREACH = {
  Name: 'Example',
  Title: 'Example',
  Domain: 'example.com',
  BreachDate: '2018-12-01',
  AddedDate: '2019-01-01T10:00:00Z',
  PwnCount: 1000,
  DataClasses: ['Email addresses', 'Passwords'],
  IsVerified: true,
};

test('one event per affected address of a breach, sorted', async () => {
  const request = { Domain: 'example.com', DomainEmails: ['b@example.com', 'a@example.com'], Breach: BREACH };
  const { events, dumps } = await runParser(bot, JSON.stringify(request));
  assert.equal(dumps.length, 0);
  assert.deepEqual(events.map((e) => e['source.account']), ['a@example.com', 'b@example.com']);
  const e = events[0]!;
  assert.equal(e['classification.identifier'], 'breach');
  assert.equal(e['classification.taxonomy'], 'information-content-security');
  assert.equal(e['classification.type'], 'data-leak');
  assert.equal(e['time.source'], '2019-01-01T10:00:00+00:00');
  assert.equal(e['source.fqdn'], 'example.com');
  assert.deepEqual(e['extra.breach'], BREACH);
  assert.deepEqual(e['extra.domain_emails'], ['b@example.com', 'a@example.com']);
  assert.match(decodeRaw(e['raw']), /^\{"Breach": \{"AddedDate": /);
});

test('the callback test (a list of breaches and an Email) and pastes', async () => {
  const callbackTest = await runParser(bot, JSON.stringify({ Email: 'c@example.com', Domain: 'example.com', DomainEmails: ['a@example.com'], Breach: [BREACH] }));
  assert.deepEqual(callbackTest.events.map((e) => e['source.account']), ['a@example.com', 'c@example.com']);
  assert.ok(!('time.source' in callbackTest.events[0]!));

  const paste = await runParser(bot, JSON.stringify({ Domain: 'example.com', DomainEmails: ['a@example.com'], Paste: { Source: 'Pastebin', Id: '1' } }));
  assert.equal(paste.events.length, 1);
  assert.equal(paste.events[0]!['classification.identifier'], 'paste');
});

test('an invalid domain dumps the callback', async () => {
  const bad = await runParser(bot, JSON.stringify({ Domain: 'http://x/', DomainEmails: ['a@example.com'] }));
  assert.equal(bad.events.length, 0);
  assert.equal(bad.dumps.length, 1);
});
