import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeRaw, runParser } from '../_testing/run-parser.ts';
import { bot } from './bot.ts';

const item = (search: string, content: string, type = 'string') => `                <IndicatorItem condition="is" id="1082865067269638543" negate="false" preserve-case="false">
                    <Context document="${search.split('/')[0]}" search="${search}"${search.startsWith('FileItem') ? ' type="mir"' : ''}/>
                    <Content type="${type}">${content}</Content>
                </IndicatorItem>`;

const alert = (network: string[]) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<OpenIOC xmlns="http://openioc.org/schemas/OpenIOC_1.1" id="8835182046018028622" last-modified="2021-01-05T13:23:08.181Z">
    <metadata>
        <short_description>New Malware-Object Indicator</short_description>
        <description>Downloader.Emotet</description>
        <links>
            <link rel="alert_id">27072</link>
            <link rel="alert_type">malware-object</link>
        </links>
    </metadata>
    <criteria>
        <Indicator id="6105137953854343568" operator="OR">
${item('FileItem/Md5sum', '21232f297a57a5a743894a0e4a801fc3', 'md5')}
${item('FileItem/Sha256sum', '8c6976e5b5410415bde908bd4dee15dfb167a9c873fc4bb8a81f6f2ab448a918')}
            <Indicator id="5420081528109681130" operator="AND">
${network.join('\n')}
            </Indicator>
        </Indicator>
    </criteria>
</OpenIOC>
`;

const NETWORK = [
  item('Network/HTTP/Method', 'GET'),
  item('Network/HTTP/RequestURI', '/wp-content/n/'),
  item('Network/HTTP/Host', 'shop.domain1.com'),
  item('Network/DNS', 'shop.domain1.com'),
  item('Network/Connection/RemotePort', '80', 'int'),
  item('Network/Connection/Protocol', 'tcp'),
];

test('the sample hashes, then the network indicator', async () => {
  const text = alert(NETWORK);
  const { events, dumps } = await runParser(bot, text, { 'feed.url': 'https://myfireeye.local' });
  assert.equal(dumps.length, 0);
  assert.equal(events.length, 2);
  assert.deepEqual(events[0], {
    'feed.name': 'Test feed',
    'feed.url': 'https://myfireeye.local',
    'time.observation': '2018-01-22T14:38:24+00:00',
    'malware.hash.md5': '21232f297a57a5a743894a0e4a801fc3',
    'malware.hash.sha256': '8c6976e5b5410415bde908bd4dee15dfb167a9c873fc4bb8a81f6f2ab448a918',
    'classification.type': 'malware',
    raw: Buffer.from(text).toString('base64'),
    __type: 'Event',
  });
  const network = events[1]!;
  assert.equal(network['classification.type'], 'malware-distribution');
  assert.equal(network['destination.fqdn'], 'shop.domain1.com');
  assert.equal(network['destination.urlpath'], '/wp-content/n/');
  assert.equal(network['destination.url'], 'http://shop.domain1.com/wp-content/n/');
  assert.equal(network['destination.port'], 80);
  assert.ok(!('destination.ip' in network));
  assert.equal(decodeRaw(network['raw']), text);
});

test('an address as HTTP host; no network indicator gives the hash event only', async () => {
  const withIp = await runParser(bot, alert([item('Network/HTTP/Host', '192.0.2.10'), item('Network/Connection/RemotePort', '8080', 'int')]));
  assert.equal(withIp.events[1]!['destination.ip'], '192.0.2.10');
  assert.equal(withIp.events[1]!['destination.port'], 8080);

  const file = await runParser(bot, alert([item('FileItem/FileName', 'dropper.exe')]));
  assert.equal(file.events.length, 1);
});

test('alerts without indicators give nothing; broken ones are dumped', async () => {
  const empty = await runParser(bot, '<?xml version="1.0"?><OpenIOC><metadata/></OpenIOC>');
  assert.equal(empty.events.length + empty.dumps.length, 0);
  assert.ok(empty.logger.lines.some((l) => l.message === 'No IOCs Available.'));

  const badPort = await runParser(bot, alert([item('Network/Connection/RemotePort', 'eighty', 'int')]));
  assert.equal(badPort.events.length, 0);
  assert.equal(badPort.dumps.length, 1);
});
