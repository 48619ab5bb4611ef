/**
 * The committed reference docs must be what scripts/gen-bot-docs.ts produces
 * from the current schemas: a bot or generic parameter added or changed
 * without regenerating fails here.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Type } from '@sinclair/typebox';
import { GLOBALS_FILE, INDEX_FILE, KINDS, REGEN_COMMAND, REPO_ROOT, cellText, codeValue, generateAllDocs, kindFile, typeText } from './gen-bot-docs.ts';

function committed(relative: string): string | null {
  try {
    return readFileSync(join(REPO_ROOT, relative), 'utf8');
  } catch {
    return null;
  }
}

/** The first differing line, so the failure says where without dumping whole files. */
function firstDifference(expected: string, actual: string): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return `line ${i + 1}:\n  committed: ${JSON.stringify(b[i] ?? '(end of file)')}\n  generated: ${JSON.stringify(a[i] ?? '(end of file)')}`;
  }
  return '(no line differs)';
}

test('committed bot reference and global keys table match the schemas', async () => {
  const files = await generateAllDocs();
  for (const relative of [...KINDS.map(kindFile), INDEX_FILE, GLOBALS_FILE]) assert.ok(files.has(relative), `${relative} is not generated`);
  const stale: string[] = [];
  for (const [relative, content] of files) {
    const current = committed(relative);
    if (current === null) stale.push(`${relative} is missing`);
    else if (current !== content) stale.push(`${relative} is out of date (${firstDifference(content, current)})`);
  }
  assert.deepEqual(stale, [], `Generated documentation is not current; run \`${REGEN_COMMAND}\` and commit the result.\n${stale.join('\n')}`);
});

test('generation is deterministic', async () => {
  const first = await generateAllDocs();
  const second = await generateAllDocs();
  assert.deepEqual([...first.entries()], [...second.entries()]);
});

test('schema types render readably', () => {
  assert.equal(typeText(Type.Integer({ minimum: 0 })), 'integer >= 0');
  assert.equal(typeText(Type.Union([Type.String(), Type.Null()])), 'string or null');
  assert.equal(typeText(Type.Union([Type.Literal('pass'), Type.Literal('stop')])), '"pass" \\| "stop"');
  assert.equal(typeText(Type.Array(Type.String())), 'list of string');
  assert.equal(typeText(Type.Record(Type.String(), Type.Union([Type.String(), Type.Array(Type.String())]))), 'mapping of (string or list of string)');
  assert.equal(typeText(Type.String({ pattern: '^([rR][eE][dD][iI][sS]|[aA][mM][qQ][pP])$' })), '"redis" \\| "amqp" (any case)');
  assert.equal(typeText(Type.Unknown()), 'any');
});

test('table cells survive Markdown', () => {
  assert.equal(cellText('a | b'), 'a \\| b');
  assert.equal(cellText('<logging_path>/<bot-id>.dump'), '&lt;logging_path&gt;/&lt;bot-id&gt;.dump');
  assert.equal(cellText('keep `<bot-id>-queue` as is'), 'keep `<bot-id>-queue` as is');
  assert.equal(cellText('path _default and *_pipeline_host'), 'path \\_default and \\*\\_pipeline_host');
  assert.equal(cellText('line one\nline two'), 'line one line two');
  assert.equal(codeValue(null), '`null`');
  assert.equal(codeValue('a|b'), '`"a\\|b"`');
  assert.equal(codeValue(undefined), '`unset`');
});
