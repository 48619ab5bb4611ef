import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeRaw, runParser } from '../_testing/run-parser.ts';
import { bot } from './bot.ts';

const report = (severity: string) => `{
"Summary": {
\t"Event_Type": "ATD File Report",
\t"Subject": \t{
\t\t"Name": "install-tmetrade-trust-2f9aec.exe",
\t\t"Type": "PE32+ executable (GUI) x86-64",
\t\t"md5": "6C3F06652A4868E005EB42DAAF1CEE43",
\t\t"sha-1": "6B53023EE7E6E336913DEBAD5BAD7E633362407A",
\t\t"sha-256": "DDBBB3C3141024A17E1F20C09C75D8913809062A3D326E2AC81626E65215C430",
\t\t"Timestamp": "2018-07-06 16:51:10"
\t},
\t"Verdict": {
\t\t"Severity": "${severity}",
\t\t"Description": "Sample is considered malicious"
\t},
\t"Files" : [
\t\t{
\t\t\t"Processes" : [{"RelType" : "512", "Name" : "install-tmetrade-trust-2f9aec.exe"}],
\t\t\t"Md5" : "3B7B97D1714BE4D8F76715F4F990FB68",
\t\t\t"Sha1" : "73F34EEBC586A6710A95672DD36C2107A7E6B0D8",
\t\t\t"Sha256" : "C786DB51C5DDA9FDC608EBAE5C0FA4211FBCD8CF10713D70C4ECD4622EA317A0",
\t\t\t"Name" : "today.exe",
\t\t\t"FileType" : "0"
\t\t}
\t],
\t"Urls" : [
\t\t{"Processes" : [{"Name" : "exfill.exe"}], "Category" : "Malicious Sites ", "Port" : "80", "Severity" : "5", "Url" : "CC.TMETRADE.COM"}
\t],
\t"Ips" : [
\t\t{"Processes" : [{"Name" : "vtestupx.exe"}], "Port" : "12345", "Severity" : "-1", "Ipv4" : "11.12.123.111"}
\t]
}
}
`;

test('the sample, its dropped files, contacted IPs and hosts', async () => {
  const text = report('5');
  const { events, dumps } = await runParser(bot, text, { 'feed.name': 'ATD' });
  assert.equal(dumps.length, 0);
  assert.equal(events.length, 4);
  const [sample, dropped, ip, host] = events as Array<Record<string, unknown>>;
  assert.deepEqual(sample, {
    'feed.name': 'ATD',
    'time.observation': '2018-01-22T14:38:24+00:00',
    'classification.taxonomy': 'malicious-code',
    'classification.type': 'infected-system',
    raw: Buffer.from(text).toString('base64'),
    'malware.name': 'install-tmetrade-trust-2f9aec.exe',
    'malware.hash.md5': '6C3F06652A4868E005EB42DAAF1CEE43',
    'malware.hash.sha1': '6B53023EE7E6E336913DEBAD5BAD7E633362407A',
    'malware.hash.sha256': 'DDBBB3C3141024A17E1F20C09C75D8913809062A3D326E2AC81626E65215C430',
    __type: 'Event',
  });
  assert.equal(dropped!['malware.name'], 'today.exe');
  assert.equal(dropped!['malware.hash.md5'], '3B7B97D1714BE4D8F76715F4F990FB68');
  assert.equal(ip!['destination.ip'], '11.12.123.111');
  assert.equal(ip!['destination.port'], 12345);
  assert.equal(ip!['malware.hash.sha1'], '6B53023EE7E6E336913DEBAD5BAD7E633362407A');
  assert.equal(host!['destination.fqdn'], 'cc.tmetrade.com');
  assert.equal(host!['destination.port'], 80);
  assert.equal(decodeRaw(host!['raw']), text);
});

test('reports below the verdict severity give nothing', async () => {
  const low = await runParser(bot, report('3'));
  assert.equal(low.events.length + low.dumps.length, 0);
  const lowered = await runParser(bot, report('3'), {}, { verdict_severity: '2' });
  assert.equal(lowered.events.length, 4);
});

test('a report without a subject or with an invalid value is dumped', async () => {
  const noSubject = await runParser(bot, '{"Summary": {"Verdict": {"Severity": "5"}}}');
  assert.equal(noSubject.events.length, 0);
  assert.equal(noSubject.dumps.length, 1);
  const badIp = await runParser(bot, report('5').replace('11.12.123.111', '11.12.123'));
  assert.equal(badIp.events.length, 0);
  assert.equal(badIp.dumps.length, 1);
});
