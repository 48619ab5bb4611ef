import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  CLASSIFICATION_TAXONOMIES,
  CLASSIFICATION_TYPES,
  FIELD_TYPES,
  PyFloat,
  base64Decode,
  convertDateTime,
  generateDateTimeNow,
  idnaEncode,
  urlsplit,
  validateTimeFormat,
} from './index.ts';

const VECTORS = fileURLToPath(new URL('../../../../shared/conformance/public/harmonization/harmonization.jsonl', import.meta.url));

/**
 * JSON.parse loses `64500.0` vs `64500`; box integral float literals (and the
 * Python-only `NaN`/`Infinity`) as PyFloat by rewriting them before parsing.
 */
function parsePyJson(line: string): unknown {
  let out = '';
  for (let i = 0; i < line.length; ) {
    const c = line[i]!;
    if (c === '"') {
      let j = i + 1;
      while (line[j] !== '"') j += line[j] === '\\' ? 2 : 1;
      out += line.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    const m = /^(?:-?Infinity|NaN|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(line.slice(i));
    if (m && !/[\w.]/.test(line[i - 1] ?? '')) {
      const tok = m[0];
      const isFloat = /[.eE]|NaN|Infinity/.test(tok);
      const n = Number(tok);
      out += isFloat && (Number.isInteger(n) || !Number.isFinite(n)) ? `{"__pyfloat__":"${tok}"}` : tok;
      i += tok.length;
      continue;
    }
    out += c;
    i++;
  }
  return JSON.parse(out, (_k, v) => (v && typeof v === 'object' && '__pyfloat__' in v ? new PyFloat(Number(v.__pyfloat__)) : v));
}

function plain(v: unknown): unknown {
  if (v instanceof PyFloat) return v.value;
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

function sameValue(actual: unknown, expected: unknown): boolean {
  const a = plain(actual);
  const e = plain(expected);
  if (typeof a === 'number' && typeof e === 'number') return Object.is(a, e) || a === e;
  try {
    assert.deepStrictEqual(a, e);
    return true;
  } catch {
    return false;
  }
}

interface Vector {
  type: string;
  input: unknown;
  is_valid: boolean;
  is_valid_sanitized: boolean;
  sanitized: unknown;
}

describe('harmonization conformance vectors', () => {
  const present = existsSync(VECTORS);
  it('every vector matches isValid, sanitize and the sanitize contract', { skip: present ? false : `vector file not found: ${VECTORS}` }, () => {
    const lines = readFileSync(VECTORS, 'utf8').split('\n').filter((l) => l.trim());
    const failures: string[] = [];
    for (const line of lines) {
      const v = parsePyJson(line) as Vector;
      const type = FIELD_TYPES[v.type];
      if (!type) {
        failures.push(`unknown type ${v.type}`);
        continue;
      }
      const valid = type.isValid(v.input);
      const sanitized = type.sanitize(v.input);
      if (valid !== v.is_valid) failures.push(`${line}\n  isValid → ${valid}`);
      if (!sameValue(sanitized ?? null, v.sanitized)) failures.push(`${line}\n  sanitize → ${JSON.stringify(plain(sanitized))}`);
      if ((sanitized !== null) !== v.is_valid_sanitized) failures.push(`${line}\n  sanitize !== null → ${sanitized !== null}`);
    }
    assert.equal(failures.length, 0, `${failures.length} of ${lines.length} vectors failed:\n${failures.join('\n')}`);
  });
});

/** [type, input, sanitized, valid-unsanitized] */
type Example = [string, unknown, unknown, boolean];
const buf = (s: string) => Buffer.from(s, 'utf8');

const EXAMPLES: Example[] = [
  ['IPAddress', ' 192.0.2.1\r\n', '192.0.2.1', false],
  ['IPAddress', '2001:DB8::1', '2001:db8::1', true],
  ['IPAddress', 'fe80::1%eth0', 'fe80::1', false],
  ['IPAddress', '192.0.2.0/24', null, false],
  ['IPAddress', '010.0.0.1', null, false],
  ['IPAddress', 'localhost', null, false],
  ['IPAddress', '0.0.0.0', null, false],
  ['IPAddress', 0, null, false],
  ['IPAddress', '::', '::', true],
  ['IPAddress', '192.0.2.1', '192.0.2.1', true],
  ['IPAddress', '::1', '::1', true],
  ['IPAddress', '2001:500:88:200::8', '2001:500:88:200::8', true],
  ['IPAddress', '192.0.2.1/32', '192.0.2.1', false],
  ['IPAddress', 2130706433, '127.0.0.1', false],
  ['IPAddress', '2130706433', '127.0.0.1', false],
  ['IPAddress', buf('2001:DB8::1/32'), null, false],
  ['IPAddress', '2001:db8:0:0::1', '2001:db8::1', true],
  ['IPAddress', '::ffff:192.0.2.1', '::ffff:c000:201', true],
  ['IPAddress', 4294967296, '::1:0:0', false],
  ['IPAddress', '1:0:0:2:0:0:0:3', '1:0:0:2::3', true],
  ['IPNetwork', '192.0.2.1/37', null, false],
  ['IPNetwork', '2001:DB8::/130', null, false],
  ['IPNetwork', '192.0.2.1/0', '0.0.0.0/0', false],
  ['IPNetwork', '192.0.2.0/24', '192.0.2.0/24', true],
  ['IPNetwork', '::1', '::1/128', true],
  ['IPNetwork', '2001:DB8::/32', '2001:db8::/32', true],
  ['IPNetwork', '0.0.0.0/0', '0.0.0.0/0', true],
  ['IPNetwork', ' 192.0.2.0/-4\r\n', null, false],
  ['IPNetwork', buf('2001:DB8Z::1/7'), null, false],
  ['IPNetwork', 'localhost', null, false],
  ['IPNetwork', '192.0.2.1/24', '192.0.2.0/24', false],
  ['IPNetwork', '192.0.2.1', '192.0.2.1/32', true],
  ['IPNetwork', '10.0.0.0/255.0.0.0', '10.0.0.0/8', true],
  ['IPNetwork', '10.0.0.0/0.255.255.255', '10.0.0.0/8', true],
  ['FQDN', 'exAmple.net', 'example.net', false],
  ['FQDN', '10.0.0.1:8080', null, false],
  ['FQDN', '...', null, false],
  ['FQDN', '', null, false],
  ['FQDN', '{subid_3}&aff_sub4={subid_4}&aff_sub5={subid_5}&DOM=trackingmyli', null, false],
  ['FQDN', 'example.com', 'example.com', true],
  ['FQDN', 'sub_sub.example.net', 'sub_sub.example.net', true],
  ['FQDN', 'xn--1-0ga.at', 'xn--1-0ga.at', true],
  ['FQDN', '212.156.101.43.00-ebgp-atakoy1-k.301-fra-col-1.statik.turktelekom.com.tr', '212.156.101.43.00-ebgp-atakoy1-k.301-fra-col-1.statik.turktelekom.com.tr', true],
  ['FQDN', 'Example.COM.', 'example.com', false],
  ['FQDN', '.example.com', 'example.com', false],
  ['FQDN', 'EXAMPLE.com', 'example.com', false],
  ['FQDN', 'ö1.at', 'xn--1-0ga.at', false],
  ['FQDN', 'münchen.de', 'xn--mnchen-3ya.de', false],
  ['FQDN', 'ex-am.ple.example.', 'ex-am.ple.example', false],
  ['FQDN', '10.0.0.1', null, false],
  ['FQDN', 'http://example.com', null, false],
  ['FQDN', 'example.com/path', null, false],
  ['FQDN', 'n/a', null, false],
  ['FQDN', 'a..b', null, false],
  ['FQDN', 'Straße.de', 'strasse.de', false],
  ['FQDN', 'bücher。example', 'xn--bcher-kva.example', false],
  ['URL', 'hxxps://example.com/foo', 'https://example.com/foo', true],
  ['URL', 'https://example.com/ \r\n', 'https://example.com/', true],
  ['URL', '/exampl\n', null, false],
  ['URL', 'http://example.com', 'http://example.com', true],
  ['URL', 'file://localhost/etc/hosts', 'file://localhost/etc/hosts', true],
  ['URL', 'ftp://a.b/c', 'ftp://a.b/c', true],
  ['URL', 'tcp://1.2.3.4:80', 'tcp://1.2.3.4:80', true],
  ['URL', '//example.com/a', '//example.com/a', true],
  ['URL', 'https://example.com/ä', 'https://example.com/ä', true],
  ['URL', 'hxxp://example.com/x', 'http://example.com/x', true],
  ['URL', 'file:///etc/hosts', 'file://localhost/etc/hosts', false],
  ['URL', ' http://example.com', 'http://example.com', false],
  ['URL', buf('http://example.com'), 'http://example.com', false],
  ['URL', 'example.com', null, false],
  ['URL', 'http://', null, false],
  ['URL', 'http://[::1', null, false],
  ['URL', 'http://[192.0.2.1]/', null, false],
  ['URL', 'http://[2001:db8::1]:80/', 'http://[2001:db8::1]:80/', true],
  ['ASN', 'as1234', 1234, false],
  ['ASN', ' 1234', 1234, false],
  ['ASN', 4294967295, 4294967295, true],
  ['ASN', 4294967296, null, false],
  ['ASN', 3.7, 3, false],
  ['Boolean', ' True ', true, false],
  ['Boolean', 'FALSE', false, false],
  ['Boolean', 1, true, false],
  ['Boolean', 0, false, false],
  ['Boolean', 2, null, false],
  ['Boolean', 'yes', null, false],
  ['Float', 'nan', NaN, false],
  ['Float', 13.234e-4, 13.234e-4, true],
  ['Float', '+137.23', 137.23, false],
  ['Float', buf('17.234'), 17.234, false],
  ['Float', '1_000.5', 1000.5, false],
  ['Float', '-inf', -Infinity, false],
  ['Float', '0x10', null, false],
  ['JSON', [1, 2], '[1, 2]', false],
  ['JSON', 5, '5', false],
  ['JSON', '{', '"{"', false],
  ['JSON', { b: 1, a: 'ä' }, '{"a": "\\u00e4", "b": 1}', false],
  ['JSON', '{"a": NaN}', '{"a": NaN}', true],
  ['JSONDict', '[1]', null, false],
  ['JSONDict', '"example"', null, false],
  ['JSONDict', '{}', null, false],
  ['JSONDict', {}, null, false],
  ['JSONDict', { b: 1, a: 2 }, '{"a": 2, "b": 1}', false],
  ['String', buf('foo'), 'foo', false],
  ['String', 123, '123', false],
  ['String', '\r\n', null, true],
  ['String', true, 'True', false],
  ['String', new PyFloat(4), '4.0', false],
  ['Registry', 'ripe-ncc', 'RIPE', false],
  ['Registry', 'lacnic', 'LACNIC', false],
  ['Registry', 'IANA', null, false],
  ['TLP', 'WHITE', 'WHITE', true],
  ['TLP', 'green', 'GREEN', false],
  ['TLP', 'TLP:RED', 'RED', false],
  ['TLP', 'YELLOW', 'AMBER', false],
  ['TLP', 'tlp amber ', 'AMBER', false],
  ['TLP', 'tlp:clear', null, false],
  ['TLP', 'AMBER+STRICT', null, false],
  ['ClassificationType', 'Infected-system', 'infected-system', false],
  ['ClassificationType', 'infected system ', 'infected-system', false],
  ['ClassificationType', 'botnet-drone', null, false],
  ['ClassificationType', 'Unauthorised-information-access', 'unauthorised-information-access', false],
  ['ClassificationTaxonomy', 'abusive content', 'abusive-content', false],
  ['ClassificationTaxonomy', 'Malicious Code', 'malicious-code', false],
  ['Integer', -4532, -4532, true],
  ['Integer', 1337, 1337, true],
  ['Integer', true, 1, false],
  ['Integer', 1.9, 1, false],
  ['Integer', buf('1337'), 1337, false],
  ['Integer', '1_000', 1000, false],
  ['Integer', '1.5', null, false],
  ['Integer', '0x10', null, false],
  ['Integer', '١٢٣', 123, false],
  ['Integer', new PyFloat(4), 4, false],
  ['Accuracy', true, 100, true],
  ['Accuracy', false, 0, true],
  ['Accuracy', '100', 100, false],
  ['Accuracy', 101, null, false],
  ['Accuracy', -1, null, false],
  ['Accuracy', new PyFloat(50), 50, true],
  ['Base64', 'bG9yZW0gaXBzdW0=', 'Ykc5eVpXMGdhWEJ6ZFcwPQ==', true],
  ['Base64', 'lorem ipsum', 'bG9yZW0gaXBzdW0=', false],
  ['Base64', buf('\u00ff'), 'w78=', false],
  ['Base64', '', null, false],
  ['LowercaseString', buf('FOO '), 'foo', false],
  ['LowercaseString', 1, null, false],
  ['UppercaseString', 'straße', 'STRASSE', false],
  ['DateTime', '2015-08-31T08:16:10+00:00', '2015-08-31T08:16:10+00:00', true],
  ['DateTime', '2015-08-31T08:16:10.1234+00:00', '2015-08-31T08:16:10.1234+00:00', true],
  ['DateTime', '2015-08-31T08:16:10.000000+00:00', '2015-08-31T08:16:10.000000+00:00', true],
  ['DateTime', '2015-8-31T8:16:10+00:00', '2015-8-31T8:16:10+00:00', true],
  ['DateTime', '2015-08-31T08:16:10+05:00', '2015-08-31T03:16:10+00:00', false],
  ['DateTime', '2019-01-01T00:00:00-05:00', '2019-01-01T05:00:00+00:00', false],
  ['DateTime', '2020-01-01T00:00:00+0100', '2019-12-31T23:00:00+00:00', false],
  ['DateTime', '2015-08-31 08:16:10', '2015-08-31T08:16:10+00:00', false],
  ['DateTime', '2016-07-19 06:40:01.617719+02:00 UTC', '2016-07-19T04:40:01.617719+00:00', false],
  ['DateTime', '2016-07-19 13:08:38 UTC', '2016-07-19T13:08:38+00:00', false],
  ['DateTime', '2015-08-31T08:16:10Z', '2015-08-31T08:16:10+00:00', false],
  ['DateTime', '2015-08-31T08:16:10.5Z', '2015-08-31T08:16:10.500000+00:00', false],
  ['DateTime', '2015-08-31T08:16:10.1234567+00:00', '2015-08-31T08:16:10.123456+00:00', false],
  ['DateTime', 'Mon, 31 Aug 2015 08:16:10 GMT', '2015-08-31T08:16:10+00:00', false],
  ['DateTime', 'Tue, 1 Jan 2019 10:00:00 +0200', '2019-01-01T08:00:00+00:00', false],
  ['DateTime', '31st December 2020 12:00', '2020-12-31T12:00:00+00:00', false],
  ['DateTime', '2015-08-31', '2015-08-31T00:00:00+00:00', false],
  ['DateTime', '20190101', '2019-01-01T00:00:00+00:00', false],
  ['DateTime', '08/31/2015', '2015-08-31T00:00:00+00:00', false],
  ['DateTime', '01/02/2020', '2020-01-02T00:00:00+00:00', false],
  ['DateTime', '5.1.2019', '2019-05-01T00:00:00+00:00', false],
  ['DateTime', 'Jan 5 2019', '2019-01-05T00:00:00+00:00', false],
  ['DateTime', '2019-01-01 10:00 EST', '2019-01-01T10:00:00+00:00', false],
  ['DateTime', '10:00 UTC+3', null, false],
  ['DateTime', '1441008970', null, false],
  ['DateTime', 1441008970, null, false],
  ['DateTime', '2015-08-31T36:16:10+00:00', null, false],
  ['DateTime', '2015-02-30T08:16:10+00:00', null, false],
  ['DateTime', 'foo', null, false],
  ['DateTime', '', null, false],
  ['DateTime', 'inf 2020-01-01', null, false],
];
const todayPrefix = new Date().toISOString().slice(0, 10);
// POSIX-style "UTC+3" is three hours west of UTC; the date part is today's.
EXAMPLES[EXAMPLES.findIndex((e) => e[1] === '10:00 UTC+3')]![2] = `${todayPrefix}T13:00:00+00:00`;

describe('spec examples (message-format.md §2, §2.1, §2.3)', () => {
  for (const [typeName, input, expected, valid] of EXAMPLES) {
    it(`${typeName}(${JSON.stringify(plain(input instanceof Buffer ? input.toString() : input))})`, () => {
      const type = FIELD_TYPES[typeName]!;
      assert.equal(type.isValid(input), valid, 'isValid');
      const got = type.sanitize(input);
      assert.ok(sameValue(got, expected), `sanitize → ${JSON.stringify(plain(got))}, expected ${JSON.stringify(expected)}`);
      if (got !== null) assert.ok(type.isValid(got), 'sanitized value is valid');
    });
  }

  it('fills a missing date from today', () => {
    assert.equal(FIELD_TYPES.DateTime!.sanitize('12:00'), `${todayPrefix}T12:00:00+00:00`);
  });
});

describe('null and undefined', () => {
  for (const [name, type] of Object.entries(FIELD_TYPES)) {
    it(`${name} never throws`, () => {
      for (const v of [null, undefined, {}, [], NaN, Symbol('x'), () => 1, new Date(0), 10n]) {
        assert.doesNotThrow(() => type.isValid(v));
        assert.doesNotThrow(() => type.sanitize(v));
      }
      assert.equal(type.isValid(null), false);
      assert.equal(type.isValid(undefined), false);
      assert.equal(type.sanitize(null), null);
      assert.equal(type.sanitize(undefined), null);
    });
  }
});

describe('convertDateTime', () => {
  const cases: [unknown, string | null, string | undefined][] = [
    [1441008970, 'timestamp', '2015-08-31T08:16:10+00:00'],
    [1441008970.5, 'timestamp', '2015-08-31T08:16:10.500000+00:00'],
    [1441008970123, 'epoch_millis', '2015-08-31T08:16:10+00:00'],
    ['1441008970', 'epoch_millis', '2015-08-31T08:16:10+00:00'],
    [144100897012, 'epoch_millis', '2015-08-31T08:16:10+00:00'],
    [14410089701, 'epoch_millis', undefined],
    [129410017915727600, 'windows_nt', '2011-02-01T02:43:11.572760+00:00'],
    ['129410017915727600', 'windows_nt', '2011-02-01T02:43:11.572760+00:00'],
    ['15 15 15 07 01 2019', 'from_format|%M %H %S %m %d %Y', '2019-07-01T15:15:15+00:00'],
    ['07-01-2019', 'from_format_midnight|%m-%d-%Y', '2019-07-01T00:00:00+00:00'],
    ['2019-07-01 10:00:00 +0200', 'from_format|%Y-%m-%d %H:%M:%S %z', '2019-07-01T08:00:00+00:00'],
    ['Mon Jul 01 10:00:00 2019', 'from_format|%c', '2019-07-01T10:00:00+00:00'],
    ['1 July 19 3PM', 'from_format|%d %B %y %I%p', '2019-07-01T15:00:00+00:00'],
    ['2015-08-31T08:16:10+00:00', 'utc_isoformat', '2015-08-31T08:16:10+00:00'],
    ['31st December 2020 12:00', 'fuzzy', '2020-12-31T12:00:00+00:00'],
    ['31st December 2020 12:00', null, '2020-12-31T12:00:00+00:00'],
  ];
  for (const [value, format, expected] of cases) {
    it(`${String(format)}: ${String(value)}`, () => assert.equal(convertDateTime(value, format), expected));
  }

  it('throws where upstream raises', () => {
    assert.throws(() => convertDateTime('2015-08-31 08:16:10', 'utc_isoformat'));
    assert.throws(() => convertDateTime('foo', 'fuzzy'));
    assert.throws(() => convertDateTime('2019-07-01 x', 'from_format|%Y-%m-%d'));
    assert.throws(() => convertDateTime('2019-02-30', 'from_format|%Y-%m-%d'));
    assert.throws(() => convertDateTime('2019', 'from_format|%Q'));
    assert.throws(() => convertDateTime(1, 'nonsense'));
  });

  it('generateDateTimeNow has no microseconds', () => {
    const now = generateDateTimeNow();
    assert.match(now, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
    assert.ok(FIELD_TYPES.DateTime!.isValid(now));
  });
});

describe('validateTimeFormat', () => {
  it('accepts known names and from_format patterns', () => {
    for (const f of ['timestamp', 'windows_nt', 'epoch_millis', 'utc_isoformat', 'fuzzy', 'from_format|%Y', 'from_format_midnight|%d.%m.%Y']) {
      assert.equal(validateTimeFormat(f), f);
    }
    assert.equal(validateTimeFormat(null), 'fuzzy');
  });
  it('rejects unknown names and a wrong |FMT use', () => {
    for (const f of ['foo', 'from_format', 'from_format_midnight', 'timestamp|%Y', 'fuzzy|x']) {
      assert.throws(() => validateTimeFormat(f), { name: 'InvalidArgument' }, f);
    }
  });
});

describe('helpers', () => {
  it('base64Decode decodes leniently and never throws', () => {
    assert.equal(base64Decode('aGVsbG8='), 'hello');
    assert.equal(base64Decode('aGVs\nbG8='), 'hello');
    assert.equal(base64Decode(Buffer.from('aGVsbG8=')), 'hello');
    assert.equal(base64Decode('/w=='), '');
    assert.equal(base64Decode('aGVsbG8'), 'hello');
    assert.doesNotThrow(() => base64Decode('!'));
  });
  it('idnaEncode follows Python encodings.idna', () => {
    assert.equal(idnaEncode('Example.COM'), 'Example.COM');
    assert.equal(idnaEncode('a..b'), null);
    assert.equal(idnaEncode('MÜNCHEN.de.'), 'xn--mnchen-3ya.de.');
    assert.equal(idnaEncode('x'.repeat(64)), null);
  });
  it('urlsplit follows urllib.parse', () => {
    assert.deepEqual(urlsplit('HTTP://a.b:80/p?q#f'), { scheme: 'http', netloc: 'a.b:80', path: '/p', query: 'q', fragment: 'f' });
    assert.deepEqual(urlsplit('10.0.0.1:8080'), { scheme: '', netloc: '', path: '10.0.0.1:8080', query: '', fragment: '' });
    assert.equal(urlsplit('http://a\u2100b/'), null);
  });
  it('exports the classification vocabularies', () => {
    assert.equal(CLASSIFICATION_TYPES.length, 44);
    assert.equal(CLASSIFICATION_TAXONOMIES.length, 11);
  });
});
