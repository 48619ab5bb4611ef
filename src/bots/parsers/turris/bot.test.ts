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


test('one event per known tag', async () => {
  const { events, dumps } = await parse('# comment\nAddress,Country,Tags,ASN\n192.0.2.1,CZ,"port_scan,telnet,haas",64496\n192.0.2.2,CZ,smtp,64496\nnot-ip,CZ,ftp,1\n');
  assert.equal(events.length, 3);
  assert.equal(events[0]!['classification.type'], 'scanner');
  assert.equal(events[1]!['protocol.application'], 'telnet');
  assert.equal(events[1]!['destination.port'], 23);
  assert.equal(events[2]!['classification.type'], 'brute-force');
  assert.ok(!('destination.port' in events[2]!));
  assert.equal(text(events[0]!['raw']), 'Address,Country,Tags,ASN\r\n192.0.2.1,CZ,"port_scan,telnet,haas",64496');
  assert.equal(dumps.length, 1);
});
