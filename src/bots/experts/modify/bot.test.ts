import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createInMemoryBot } from '../../../conformance/harness.ts';
import { packagedHarmonization } from '../../../message/index.ts';
import { bot } from './bot.ts';

const dir = mkdtempSync(join(tmpdir(), 'modify-test-'));
let n = 0;
function ruleFile(rules: unknown, raw?: string): string {
  const file = join(dir, `rules-${++n}.conf`);
  writeFileSync(file, raw ?? JSON.stringify(rules));
  return file;
}

const EVENT = { 'feed.name': 'Spamhaus Cert', 'malware.name': 'securityscorecard-some-value', 'source.port': 80, 'feed.accuracy': 5.5, 'source.tor_node': false };

async function modify(rules: unknown, params: Record<string, unknown> = {}, events: Array<Record<string, unknown>> = [EVENT]) {
  const b = await createInMemoryBot(bot, { params: { configuration_path: ruleFile(rules), ...params }, paths: ['_default'], harmonization: packagedHarmonization() });
  try {
    const { output, dumps } = await b.run(events.map((e) => JSON.stringify({ ...e, __type: 'Event' })));
    return { events: output['_default']!.map((m) => JSON.parse(m) as Record<string, unknown>), dumps: dumps.length };
  } finally {
    await b.close();
  }
}

const rule = (cond: Record<string, unknown>, then: Record<string, unknown>, rulename = 'r') => ({ rulename, if: cond, then });

describe('modify expert: conditions', () => {
  it('string conditions are regular expressions searched in the value text; "" means absent', async () => {
    const { events } = await modify([
      rule({ 'malware.name': 'scorecard', 'classification.identifier': '' }, { 'classification.identifier': 'regex' }),
      rule({ 'source.port': '^80$' }, { 'protocol.application': 'http' }),
      rule({ 'feed.accuracy': '^5\\.5$', 'source.tor_node': 'False' }, { comment: 'text of float and bool' }),
      rule({ 'feed.name': '' }, { 'event_description.text': 'unreachable' }),
    ]);
    assert.equal(events[0]!['classification.identifier'], 'regex');
    assert.equal(events[0]!['protocol.application'], 'http');
    assert.equal(events[0]!['comment'], 'text of float and bool');
    assert.equal(events[0]!['event_description.text'], undefined);
  });

  it('other JSON values compare with Python equality', async () => {
    const { events } = await modify([
      rule({ 'source.tor_node': false }, { comment: 'bool' }),
      rule({ 'source.port': 80.0 }, { 'extra.n': 1 }),
      rule({ 'source.port': '80' }, { 'extra.s': 'regex on text' }),
      rule({ 'source.port': [80] }, { 'extra.l': 'unreachable' }),
    ]);
    assert.deepEqual([events[0]!['comment'], events[0]!['extra.n'], events[0]!['extra.s'], events[0]!['extra.l']], ['bool', 1, 'regex on text', undefined]);
  });

  it('case_sensitive: false ignores case', async () => {
    const rules = [rule({ 'feed.name': '^spamhaus' }, { comment: 'matched' })];
    assert.equal((await modify(rules)).events[0]!['comment'], undefined);
    assert.equal((await modify(rules, { case_sensitive: false })).events[0]!['comment'], 'matched');
  });
});

describe('modify expert: actions', () => {
  it('formats {msg[field]} and {matches[field][n]} (numbered and named groups)', async () => {
    const { events } = await modify([
      rule({ 'malware.name': 'securityscorecard-(?P<rest>.*)$' }, {
        'classification.identifier': '{matches[malware.name][1]}',
        comment: '{msg[feed.name]} port {msg[source.port]:05d} acc {msg[feed.accuracy]} rest={matches[malware.name][rest]!r} {{literal}}',
      }),
    ]);
    assert.equal(events[0]!['classification.identifier'], 'some-value');
    assert.equal(events[0]!['comment'], "Spamhaus Cert port 00080 acc 5.5 rest='some-value' {literal}");
  });

  it('overwrite decides whether existing values are replaced', async () => {
    const rules = [rule({ 'feed.name': 'Spamhaus' }, { 'feed.name': 'Other' })];
    assert.equal((await modify(rules)).events[0]!['feed.name'], 'Other');
    assert.equal((await modify(rules, { overwrite: false })).events[0]!['feed.name'], 'Spamhaus Cert');
  });

  it('maximum_matches stops after that many rules', async () => {
    const rules = [rule({ 'source.port': '80' }, { 'extra.a': 1 }), rule({ 'source.port': '80' }, { 'extra.b': 2 })];
    const all = (await modify(rules)).events[0]!;
    const one = (await modify(rules, { maximum_matches: 1 })).events[0]!;
    assert.deepEqual([all['extra.a'], all['extra.b'], one['extra.a'], one['extra.b']], [1, 2, 1, undefined]);
  });

  it('a template naming a missing field is an error and the event is dumped', async () => {
    const r = await modify([rule({ 'source.port': '80' }, { comment: '{msg[source.fqdn]}' })]);
    assert.deepEqual([r.events.length, r.dumps], [0, 1]);
  });

  it('an invalid value for the field is an error and the event is dumped', async () => {
    const r = await modify([rule({ 'source.port': '80' }, { 'source.ip': 'not an ip' })]);
    assert.deepEqual([r.events.length, r.dumps], [0, 1]);
  });

  it('reads YAML rule files', async () => {
    const file = ruleFile(null, "- rulename: yaml\n  if:\n    source.port: 80\n  then:\n    comment: from yaml\n");
    const b = await createInMemoryBot(bot, { params: { configuration_path: file }, paths: ['_default'], harmonization: packagedHarmonization() });
    const { output } = await b.run([JSON.stringify({ ...EVENT, __type: 'Event' })]);
    await b.close();
    assert.equal((JSON.parse(output['_default']![0]!) as Record<string, unknown>)['comment'], 'from yaml');
  });
});

describe('modify expert: start-up errors', () => {
  const create = (file: string) => createInMemoryBot(bot, { params: { configuration_path: file }, paths: ['_default'], harmonization: packagedHarmonization() });
  it('a missing file', async () => {
    await assert.rejects(create(join(dir, 'missing.conf')), /File not found/);
  });
  it('a file that is not a list of rules', async () => {
    await assert.rejects(create(ruleFile({ section: { rule: {} } })), /must contain a list of rules/);
    await assert.rejects(create(ruleFile([{ rulename: 'x', if: {} }])), /rule 1 .* must be a mapping with 'if' and 'then'/);
    await assert.rejects(create(ruleFile(null, '[{"rulename": ')), /Cannot parse rule file/);
  });
  it('an invalid regular expression names the rule and field', async () => {
    await assert.rejects(create(ruleFile([rule({}, {}), rule({ comment: '(' }, {})])), /rule 2 .*condition on 'comment'/);
  });
  it('the check hook reports the same problems', () => {
    assert.deepEqual(bot.check!({ configuration_path: ruleFile([rule({ comment: 'x' }, { comment: 'y' })]), case_sensitive: true, maximum_matches: null, overwrite: true }), []);
    const d = bot.check!({ configuration_path: join(dir, 'missing.conf'), case_sensitive: true, maximum_matches: null, overwrite: true });
    assert.equal(d[0]!.level, 'error');
  });
});
