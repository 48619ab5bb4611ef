import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createInMemoryBot } from '../../../conformance/harness.ts';
import { packagedHarmonization, Report } from '../../../message/index.ts';
import { bot } from './bot.ts';

async function parse(raw: string, fields: Record<string, unknown> = {}, params: Record<string, unknown> = {}) {
  const r = new Report(packagedHarmonization(), fields);
  r.add('raw', raw);
  const b = await createInMemoryBot(bot, { params, paths: ['_default'], harmonization: packagedHarmonization() });
  try {
    const { output, dumps } = await b.run([r.serialize()]);
    return { events: output['_default']!.map((m) => JSON.parse(m) as Record<string, unknown>), dumps, logger: b.logger };
  } finally {
    await b.close();
  }
}

const text = (b64: unknown) => Buffer.from(String(b64), 'base64').toString();


test('maps defacements', async () => {
  const raw = 'add_date,accept_date,attacker,domain,ip_address,country_code,web_server,system,hackmode,defacement_id\n2018-02-13 09:19:08,2018-02-13 09:30:00,hacker,http://www.example.com/x.html,192.0.2.1,AT,Apache,Linux,SQL Injection,1234\nnot a date,,h,http://b.example/,192.0.2.2,AT,,,,5\n';
  const { events, dumps } = await parse(raw);
  assert.equal(events.length, 1);
  assert.equal(dumps.length, 1);
  const e = events[0]!;
  assert.equal(e['source.fqdn'], 'www.example.com');
  assert.equal(e['protocol.application'], 'http');
  assert.equal(e['time.source'], '2018-02-13T09:19:08+00:00');
  assert.equal(e['extra.actor'], 'hacker');
  assert.equal(e['extra.os.name'], 'Linux');
  assert.equal(e['extra.accepted_date'], '2018-02-13 09:30:00');
  assert.equal(text(e['raw']), '2018-02-13 09:19:08,2018-02-13 09:30:00,hacker,http://www.example.com/x.html,192.0.2.1,AT,Apache,Linux,SQL Injection,1234');
});
