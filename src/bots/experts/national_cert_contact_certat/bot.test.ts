import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createInMemoryBot } from '../../../conformance/harness.ts';
import { packagedHarmonization } from '../../../message/index.ts';
import { freePort, startServer, type TestServer } from '../../collectors/_shared/testing-server.ts';
import { bot } from './bot.ts';

const harmonization = packagedHarmonization();
let service: TestServer;

/** Lines as the service writes them with sep=semicolon and bShowNationalCERT=on. */
const ANSWERS: Record<string, string> = {
  '192.0.2.1': '192.0.2.1;AT;CERT.at;team@cert.at\n',
  '2001:db8::1': '2001:db8::1;US;US-CERT;soc@us-cert.example\n',
  '198.51.100.1': '198.51.100.1;;;\n',
  '203.0.113.1': 'Internal error\n',
};

before(async () => {
  service = await startServer((req, res) => {
    const ip = new URL(req.url ?? '/', 'http://x').searchParams.get('ip') ?? '';
    const answer = ANSWERS[ip];
    res.writeHead(answer === undefined ? 500 : 200, { 'content-type': 'text/plain' });
    res.end(answer ?? 'boom');
  });
});
after(() => service.close());

async function run(params: Record<string, unknown>, inputs: Array<Record<string, unknown>>) {
  const b = await createInMemoryBot(bot, { params: { contacts_url: `${service.url}/cgi-bin/abuse-nationalcert.pl`, ...params }, paths: ['_default'], harmonization });
  try {
    const { output, dumps } = await b.run(inputs.map((m) => JSON.stringify({ ...m, __type: 'Event' })));
    return { out: output['_default']!.map((m) => JSON.parse(m) as Record<string, unknown>), dumps };
  } finally {
    await b.close();
  }
}

test('country and national CERT address for source and destination', async () => {
  const { out } = await run({}, [{ 'source.ip': '192.0.2.1', 'destination.ip': '2001:db8::1' }]);
  assert.deepEqual(out[0], {
    __type: 'Event',
    'source.ip': '192.0.2.1',
    'destination.ip': '2001:db8::1',
    'source.geolocation.cc': 'AT',
    'source.abuse_contact': 'team@cert.at',
    'destination.geolocation.cc': 'US',
    'destination.abuse_contact': 'soc@us-cert.example',
  });
  const query = new URL(service.requests.at(-1)!.url, 'http://x').searchParams;
  assert.deepEqual([...query], [
    ['ip', '2001:db8::1'],
    ['bFilter', 'off'],
    ['bShowNationalCERT', 'on'],
    ['sep', 'semicolon'],
  ]);
});

test('an existing contact is extended; an existing cc is kept unless overwrite_cc', async () => {
  const input = { 'source.ip': '192.0.2.1', 'source.abuse_contact': 'abuse@isp.example', 'source.geolocation.cc': 'DE' };
  const kept = (await run({ filter: true }, [input])).out[0]!;
  assert.equal(kept['source.abuse_contact'], 'abuse@isp.example,team@cert.at');
  assert.equal(kept['source.geolocation.cc'], 'DE');
  assert.equal(new URL(service.requests.at(-1)!.url, 'http://x').searchParams.get('bFilter'), 'on');
  assert.equal((await run({ overwrite_cc: true }, [input])).out[0]!['source.geolocation.cc'], 'AT');
});

test('an empty answer adds nothing', async () => {
  const { out, dumps } = await run({}, [{ 'source.ip': '198.51.100.1', 'source.abuse_contact': 'abuse@isp.example' }]);
  assert.equal(dumps.length, 0);
  assert.deepEqual(out[0], { __type: 'Event', 'source.ip': '198.51.100.1', 'source.abuse_contact': 'abuse@isp.example' });
});

test('error status, odd answers and an unreachable service are errors naming the URL', async () => {
  const { out, dumps } = await run({}, [{ 'source.ip': '192.0.2.99' }, { 'source.ip': '203.0.113.1' }]);
  assert.equal(out.length, 0);
  assert.match(String(dumps[0]!.traceback), /abuse-nationalcert\.pl\?ip=192\.0\.2\.99.* answered with status 500/);
  assert.match(String(dumps[1]!.traceback), /Unexpected answer of .*ip=203\.0\.113\.1.*: "Internal error"/);
  const port = await freePort();
  const down = await run({ contacts_url: `http://127.0.0.1:${port}/x`, http_timeout_max_tries: 1 }, [{ 'source.ip': '192.0.2.1' }]);
  assert.match(String(down.dumps[0]!.traceback), new RegExp(`host 127\\.0\\.0\\.1, port ${port}`));
});
