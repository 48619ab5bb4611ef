import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInMemoryBot } from '../../../conformance/harness.ts';
import { packagedHarmonization, Report } from '../../../message/index.ts';
import { bot, updateShadowserverSchema } from './bot.ts';
import { CONVERSIONS } from './conversions.ts';

const SMB = [
  '"timestamp","ip","port","hostname","tag","asn","geo","region","city","naics","sic","smb_implant","arch","key","smbv1_support","smb_major_number","smb_minor_number","smb_revision","smb_version_string"',
  '"2010-02-10 00:00:00",192.168.0.1,445,node01.example.com,smb,64512,ZZ,Region,City,0,0,N,,,N,2,1,0,"SMB 2.1"',
  '"2010-02-10 00:00:01",192.168.0.2,abc,node02.example.com,smb,64512,ZZ,Region,City,0,0,N,,,N,2,1,0,"SMB 2.1"',
  '"2010-02-10 00:00:02",192.168.0.3,445,node03.example.com,smb,64512,ZZ,Region,City,0,0,N,,,N,2,1,0,"SMB 2.1"',
].join('\n');

function report(raw: string, fields: Record<string, unknown> = {}): string {
  const r = new Report(packagedHarmonization(), { 'feed.name': 'Shadowserver', 'time.observation': '2015-01-01T00:00:00+00:00', ...fields });
  r.add('raw', raw);
  return r.serialize();
}

async function run(params: Record<string, unknown>, input: string[], varStatePath = mkdtempSync(join(tmpdir(), 'ss-'))) {
  const b = await createInMemoryBot(bot, { params, paths: ['_default'], harmonization: packagedHarmonization(), varStatePath });
  try {
    const { output, dumps } = await b.run(input);
    return { events: output['_default']!.map((m) => JSON.parse(m) as Record<string, unknown>), dumps, logger: b.logger };
  } finally {
    await b.close();
  }
}

test('maps a report detected from extra.file_name; a broken line is dumped, the others go on', async () => {
  const { events, dumps, logger } = await run({}, [report(SMB, { 'extra.file_name': '2019-01-01-test_smb-test-geo.csv' })]);
  assert.equal(events.length, 2);
  const e = events[0]!;
  assert.equal(e['feed.name'], 'Shadowserver');
  assert.equal(e['classification.identifier'], 'test-smb');
  assert.equal(e['classification.type'], 'vulnerable-system');
  assert.equal(e['time.source'], '2010-02-10T00:00:00+00:00');
  assert.equal(e['source.ip'], '192.168.0.1');
  assert.equal(e['source.port'], 445);
  assert.equal(e['source.asn'], 64512);
  assert.equal(e['extra.smb_implant'], false);
  assert.equal(e['extra.smb_version_string'], 'SMB 2.1');
  assert.equal(e['extra.tag'], 'smb');
  assert.ok(!('extra.naics' in e) && !('extra.arch' in e));
  assert.equal(Buffer.from(String(e['raw']), 'base64').toString(), `${SMB.split('\n')[0]}\n${SMB.split('\n')[1]}`);
  assert.equal(events[1]!['source.ip'], '192.168.0.3');
  assert.equal(dumps.length, 1);
  const dumped = JSON.parse(dumps[0]!.message) as Record<string, unknown>;
  assert.match(Buffer.from(String(dumped['raw']), 'base64').toString(), /192\.168\.0\.2,abc/);
  assert.equal(logger.count('ERROR'), 2);
});

test('feedname parameter fixes the report; overwrite replaces feed.name', async () => {
  const { events } = await run({ feedname: 'Test-Accessible-SMB', overwrite: true }, [report(SMB)]);
  assert.equal(events.length, 2);
  assert.equal(events[0]!['feed.name'], 'Test-Accessible-SMB');
});

test('report-level problems fail the whole report', async () => {
  for (const [fileName, message] of [
    [undefined, /No feedname given/],
    ['2020.wrong-filename.csv', /is not valid/],
    ['2019-01-01-some_string-test-test.csv', /Could not get a config for 'some_string'/],
  ] as const) {
    const { events, dumps } = await run({}, [report(SMB, fileName ? { 'extra.file_name': fileName } : {})]);
    assert.equal(events.length, 0);
    assert.equal(dumps.length, 1);
    assert.match(String(dumps[0]!.traceback), message);
  }
});

test('a missing required column fails each line; unknown IDF keys and missing optional columns only warn', async () => {
  const broken = await run({}, [report('adasdasdasdasd\nadasdasdafgf', { 'extra.file_name': '2019-01-01-test_smb-test-test.csv' })]);
  assert.equal(broken.events.length, 0);
  assert.match(String(broken.dumps[0]!.traceback), /Required column 'timestamp' not found/);
  const afs = await run({}, [report('timestamp,ip,protocol,port,severity\n2018-08-01T00:00:00+00,127.0.0.1,tcp,7000,critical', { 'extra.file_name': '2023-10-16-test_afs-test-test.csv' })]);
  assert.equal(afs.events.length, 1);
  assert.ok(!('extra.severity' in afs.events[0]!));
  assert.equal(afs.events[0]!['time.source'], '2018-08-01T00:00:00+00:00');
  assert.ok(afs.logger.lines.some((l) => l.level === 'WARNING' && l.message.includes("Key not found in IDF 'not_in_idf'")));
});

test('loads the downloaded schema from VAR_STATE_PATH and reloads it when it changes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ss-'));
  const file = join(dir, 'shadowserver-schema.json');
  const schema = (identifier: string) => JSON.stringify({
    _meta: { date_created: identifier },
    scan_x: { feed_name: 'X', file_name: 'scan_x', required_fields: [['source.ip', 'ip', 'validate_ip']], optional_fields: [[false, 'skip'], ['extra.', 'note', 'validate_to_none']], constant_fields: { 'classification.identifier': identifier } },
  });
  writeFileSync(file, schema('first'));
  const b = await createInMemoryBot(bot, { params: {}, paths: ['_default'], harmonization: packagedHarmonization(), varStatePath: dir });
  try {
    const input = report('ip,skip,note,other\n192.0.2.1,a,0,b', { 'extra.file_name': 'scan_x.csv' });
    let out = (await b.run([input])).output['_default']!.map((m) => JSON.parse(m) as Record<string, unknown>);
    assert.equal(out[0]!['classification.identifier'], 'first');
    assert.equal(out[0]!['extra.other'], 'b');
    assert.ok(!('extra.skip' in out[0]!) && !('extra.note' in out[0]!));
    writeFileSync(file, schema('second'));
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    out = (await b.run([input])).output['_default']!.map((m) => JSON.parse(m) as Record<string, unknown>);
    assert.equal(out[0]!['classification.identifier'], 'second');
  } finally {
    await b.close();
  }
});

test('updateShadowserverSchema installs a valid download atomically and rejects invalid ones', async () => {
  let body = JSON.stringify({ _meta: { date_created: '2024-01-01' }, r: { feed_name: 'R', file_name: 'r', required_fields: [], optional_fields: [] } });
  const server = createServer((_req, res) => res.end(body));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/schema`;
  const dest = join(mkdtempSync(join(tmpdir(), 'ss-')), 'shadowserver-schema.json');
  try {
    assert.equal(await updateShadowserverSchema(url, dest), true);
    assert.equal(await updateShadowserverSchema(url, dest), false);
    const installed = readFileSync(dest, 'utf8');
    body = '{not json';
    await assert.rejects(updateShadowserverSchema(url, dest), /not valid JSON/);
    body = JSON.stringify({ r: { feed_name: 'R' } });
    await assert.rejects(updateShadowserverSchema(url, dest), /not valid/);
    assert.equal(readFileSync(dest, 'utf8'), installed);
    body = JSON.stringify({ _meta: { date_created: '2024-02-01' }, r: { feed_name: 'R', file_name: 'r', required_fields: [] } });
    assert.equal(await updateShadowserverSchema(url, dest), true);
    assert.ok(existsSync(`${dest}.bak`));
  } finally {
    server.close();
  }
});

test('conversion functions follow upstream', () => {
  const c = CONVERSIONS;
  assert.equal(c['convert_bool']!('Yes', {}), true);
  assert.equal(c['convert_bool']!('disabled', {}), false);
  assert.equal(c['convert_bool']!('maybe', {}), null);
  assert.equal(c['invalidate_zero']!('0', {}), null);
  assert.equal(c['invalidate_zero']!(' 42 ', {}), 42);
  assert.throws(() => c['convert_int']!('4.2', {}));
  assert.equal(c['convert_float']!('1e3', {}), 1000);
  assert.equal(c['validate_to_none']!('unknown', {}), null);
  assert.equal(c['validate_ip']!('0.0.0.0', {}), null);
  assert.equal(c['validate_ip']!('192.0.2.1/32', {}), null);
  assert.equal(c['validate_network']!('192.0.2.0/24', {}), '192.0.2.0/24');
  assert.equal(c['force_base64']!('Zm9v', {}), 'Zm9v');
  assert.equal(c['force_base64']!('foo bar', {}), 'Zm9vIGJhcg==');
  assert.equal(c['force_base64']!('abc', {}), 'YWJj');
  assert.equal(c['convert_http_host_and_url']!('GET /a/b HTTP/1.1', { http_host: 'example.com', url: 'GET /a/b HTTP/1.1', application: 'https' }), 'https://example.com/a/b');
  assert.equal(c['convert_http_host_and_url']!('/x', { url: '/x' }), '/x');
  assert.equal(c['scan_exchange_type']!('exchange;webshell', {}), 'system-compromise');
  assert.equal(c['category_or_detail']!('', { detail: 'd' }), 'd');
  assert.equal(c['convert_date_utc']!('2020-01-01 10:00:00', {}), '2020-01-01T10:00:00+00:00');
});
