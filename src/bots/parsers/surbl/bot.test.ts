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


const DATA = '#line\n#line\n#line\n#line\n#line\n#line\n#line\n#line\n\n:127.0.0.128:Blocked, $ on lists [cr], See: http://www.surbl.org/lists.html\n.domain1\n:127.0.0.128:Blocked, $ on lists [mw], See: http://www.surbl.org/lists.html\n.domain2\n0.0.0.0\n:127.0.0.128:Blocked, $ on lists [ph], See: http://www.surbl.org/lists.html\n.domain3\n.http://x/\n\n#line\n';

test('classification per list declaration', async () => {
  const { events, dumps } = await parse(DATA);
  assert.deepEqual(events.map((e) => [e['source.fqdn'], e['classification.type']]), [['domain1', 'blacklist'], ['domain2', 'malware-distribution'], ['domain3', 'phishing']]);
  assert.equal(text(events[0]!['raw']), '.domain1');
  assert.equal(dumps.length, 1);
});
