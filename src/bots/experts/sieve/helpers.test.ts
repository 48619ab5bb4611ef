import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { networkContains, parseIpAddress, parseIpNetwork } from './ip.ts';
import { pyStr } from '../../../py/str.ts';
import { pyCompare, pyEquals } from './py-values.ts';
import { formatIsoUtc, parseIso8601, parseRelative } from './time.ts';

describe('Python semantics helpers', () => {
  it('parses addresses and networks as Python ipaddress does', () => {
    assert.equal(parseIpAddress('010.0.0.1'), null);
    assert.equal(parseIpAddress('1.2.3'), null);
    assert.equal(parseIpAddress('2001:db8::1::2'), null);
    assert.equal(parseIpAddress('2001:db8::12345'), null);
    assert.deepEqual(parseIpAddress('::ffff:192.0.2.1'), { version: 6, value: 0xffffc0000201n });
    assert.deepEqual(parseIpAddress(2130706433), { version: 4, value: 2130706433n });
    const net = parseIpNetwork('10.1.2.3/255.0.0.0')!;
    assert.equal(net.prefix, 8);
    assert.ok(networkContains(net, parseIpAddress('10.200.0.1')!));
    assert.ok(!networkContains(net, parseIpAddress('::a01:1')!));
    assert.equal(parseIpNetwork('10.0.0.0/0.255.255.255')!.prefix, 8);
    assert.equal(parseIpNetwork('10.0.0.0/33'), null);
    assert.equal(parseIpNetwork('2001:db8::/255.0.0.0'), null);
  });

  it('compares, equates and prints values like Python', () => {
    assert.ok(pyEquals(true, 1) && pyEquals([1, 'a'], [1.0, 'a']) && !pyEquals('1', 1));
    assert.ok(pyCompare(2, '>', true));
    assert.throws(() => pyCompare('2', '<', 3), { name: 'TypeError' });
    assert.equal(pyStr(100, true), '100.0');
    assert.equal(pyStr({ a: [true, null] }), "{'a': [True, None]}");
  });

  it('parses relative and ISO times', () => {
    assert.equal(parseRelative('4 hours'), 240);
    assert.equal(parseRelative(' 1 week '), 7 * 24 * 60);
    assert.throws(() => parseRelative('10 h'));
    assert.equal(formatIsoUtc(parseIso8601('2023-06-01 15:00+02:00')!), '2023-06-01T13:00:00+00:00');
    assert.equal(parseIso8601('2023-02-30'), null);
    assert.equal(formatIsoUtc(parseIso8601('20230601T101010.5Z')!), '2023-06-01T10:10:10.500000+00:00');
  });
});
