/**
 * intelmqdump end to end (non-interactive flags): list, show, edit, recover
 * and delete, while a bot process keeps appending to the same dump file.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { appendDump, readDump } from '../../src/log/dump-file.ts';
import { createAdmin } from '../../src/pipeline/factory.ts';
import { waitFor } from '../../src/ctl/wait.ts';
import { FILE_OUTPUT, REPO, TAXONOMY, bot, dump, installation } from '../ctl/helpers.ts';

test('intelmqdump lists, shows, edits, recovers and deletes while a bot writes the same dump', { timeout: 120_000 }, async () => {
  const inst = installation({
    'taxonomy-expert': bot(TAXONOMY, 'Expert', { destination_queues: { _default: ['file-output-queue'] } }),
    'file-output': bot(FILE_OUTPUT, 'Output'),
  });
  const file = join(inst.logDir, 'taxonomy-expert.dump');
  const entry = (type: string) => ({
    bot_id: 'taxonomy-expert',
    source_queue: 'taxonomy-expert-queue',
    traceback: ['Traceback (most recent call last):\n', `ValueError: ${type} is not allowed\n`],
    message: JSON.stringify({ __type: 'Event', 'classification.type': type, raw: 'x'.repeat(50) }),
  });
  await appendDump(file, entry('phishing'));
  await appendDump(file, entry('spam'));
  await appendDump(file, { ...entry('raw'), message: Buffer.from('not json at all').toString('base64'), message_type: 'base64' });

  const [listed, shown, missing] = await Promise.all([dump(inst, []), dump(inst, ['taxonomy-expert', '--show', '0,2', '--truncate', '10']), dump(inst, ['file-output'])]);
  assert.equal(listed.code, 0, listed.output);
  assert.match(listed.stdout, /^ {2}0: taxonomy-expert 3 dumps$/m);
  assert.equal(shown.code, 0, shown.output);
  assert.match(shown.stdout, /Showing id 0 \d{4}-\d\d-\d\dT[\d:.]+\n-{50}\n/);
  assert.match(shown.stdout, /"classification\.type": "phishing"/);
  assert.match(shown.stdout, /"raw": "xxxxxxxxxx\.\.\.\[truncated\]"/);
  assert.match(shown.stdout, /Showing id 2 /);
  assert.equal(missing.code, 1);
  assert.match(missing.output, /Given file does not exist: .*file-output\.dump/);

  // $EDITOR may carry arguments; here it edits the message without a terminal.
  const edited = await dump(inst, ['taxonomy-expert', '--edit', '0'], { env: { EDITOR: 'sed -i s/phishing/malware/', VISUAL: '' } });
  assert.equal(edited.code, 0, edited.output);
  assert.match(Object.values(readDump(file))[0]!.message, /"classification\.type": "malware"/);

  const bad = await dump(inst, ['taxonomy-expert', '--recover', '0', '--queue', 'no-such-queue']);
  assert.equal(bad.code, 1);
  assert.match(bad.output, /The given queue 'no-such-queue' is not configured\. Please retry with a valid queue\./);

  // A bot keeps dumping while intelmqdump recovers and deletes: no entry may be lost or recovered twice.
  const writer = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'test/dump/writer.ts'), file, 'taxonomy-expert-queue'], { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] });
  let writerOutput = '';
  writer.stdout.setEncoding('utf8').on('data', (d: string) => (writerOutput += d));
  const writerDone = new Promise<number | null>((resolve) => writer.on('exit', resolve));
  assert.ok(await waitFor(() => (Object.keys(readDump(file)).length > 3 ? true : undefined), { timeoutMs: 30_000 }), 'the writer is writing');
  const recovered = await dump(inst, ['taxonomy-expert', '--recover', 'all']);
  assert.equal(recovered.code, 0, recovered.output);
  const deleted = await dump(inst, ['taxonomy-expert', '--delete', '0']);
  assert.equal(deleted.code, 0, deleted.output);
  writer.kill('SIGTERM');
  assert.equal(await writerDone, 0, 'the writer never failed to get the lock');
  const written = Number(writerOutput.trim());
  assert.ok(written > 0);

  const recoveredCount = (recovered.stdout.match(/^Recovered dump \d+\.$/gm) ?? []).length;
  const remaining = Object.keys(readDump(file)).length;
  const path = join(inst.root, 'var/lib/pipeline.sqlite3');
  const admin = createAdmin({ embedded_pipeline_path: path }, { defaultEmbeddedPath: path });
  const queued = (await admin.count(['taxonomy-expert-queue']))['taxonomy-expert-queue'];
  await admin.close();
  assert.equal(queued, recoveredCount, 'every recovered entry is in the queue exactly once');
  assert.ok(recoveredCount > 3, 'entries written during the run were recovered too');
  assert.equal(recoveredCount + 1 + remaining, 3 + written, 'recovered + deleted + remaining = everything ever dumped');

  const all = await dump(inst, ['taxonomy-expert', '--delete', 'all']);
  assert.equal(all.code, 0);
  assert.equal(existsSync(file), false);
});
