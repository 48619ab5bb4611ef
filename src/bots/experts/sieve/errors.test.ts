import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { createInMemoryBot } from '../../../conformance/harness.ts';
import { packagedHarmonization } from '../../../message/index.ts';
import { bot, checkSieveFile } from './bot.ts';
import { sieveFile } from './testing.ts';

function firstError(text: string) {
  const r = checkSieveFile(sieveFile(text));
  assert.equal(r.ok, false);
  return r.errors[0]!;
}

describe('sieve expert: broken files', () => {
  it('reports a syntax error with line, column and what was expected', () => {
    const e = firstError("if comment == 'x' {\n  add comment = \n}\n");
    assert.deepEqual([e.line, e.column], [3, 1]);
    assert.match(e.message, /Expected .*STRING.* at position \(3, 1\)/);
  });

  it('points at a wrong operator', () => {
    const e = firstError("# rules\nif comment = 'x' { drop }");
    assert.deepEqual([e.line, e.column], [2, 12]);
    assert.match(e.message, /'=='/);
  });

  it('points at an unknown statement and a missing brace', () => {
    const unknown = firstError('keep\nfoo bar');
    assert.deepEqual([unknown.line, unknown.column], [2, 1]);
    const e = firstError("if comment == 'x' {\n  drop\n");
    assert.deepEqual([e.line, e.column], [3, 1]);
    assert.match(e.message, /'}'/);
  });

  it('rejects list operators with scalars and empty value lists where one is required', () => {
    assert.equal(firstError("if x :in 'a' { drop }").column, 10);
    assert.equal(firstError('if x :in [] { drop }').column, 11);
  });

  it('reports invalid IP addresses, networks, numeric keys and types at the value', () => {
    const r = checkSieveFile(sieveFile([
      "if source.ip == '#fail' { drop }",
      "if source.ip << '10.0.0.0/33' { drop }",
      'if source.fqdn == 2 { drop }',
      'if foo.bar < 3 { drop }',
    ].join('\n')));
    assert.deepEqual(r.errors.map((e) => [e.line, e.column, e.message]), [
      [1, 17, 'Invalid IP address: #fail.'],
      [2, 17, 'Invalid ip range: 10.0.0.0/33.'],
      [3, 19, 'Incompatible type: FQDN.'],
      [4, 14, 'Invalid key: foo.bar.'],
    ]);
  });

  it('checkSieveFile accepts a valid file and reports a missing one', () => {
    assert.deepEqual(checkSieveFile(sieveFile("if :exists source.ip { keep }")), { ok: true, errors: [] });
    const missing = checkSieveFile('/nonexistent/x.sieve');
    assert.equal(missing.ok, false);
    assert.match(missing.errors[0]!.message, /does not exist/);
  });

  it('the bot refuses to start on a broken file, naming file, line and column', async () => {
    const file = sieveFile("if comment == 'x' {\n  frobnicate\n}");
    await assert.rejects(
      createInMemoryBot(bot, { params: { file }, paths: ['_default'], harmonization: packagedHarmonization() }),
      (e: Error) => e.message.includes(file) && e.message.includes('error in (2, 3)'),
    );
    await assert.rejects(createInMemoryBot(bot, { params: { file: '/nonexistent/x.sieve' }, paths: ['_default'], harmonization: packagedHarmonization() }), /existing file/);
  });

  it('the check hook reports the broken file for intelmqctl check', () => {
    const file = sieveFile('if source.ip == "x" {}');
    const diagnostics = bot.check!({ file });
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0]!.level, 'error');
    assert.match(diagnostics[0]!.message, new RegExp(`${file}:1:`));
    assert.deepEqual(bot.check!({ file: sieveFile('drop') }), []);
  });
});
