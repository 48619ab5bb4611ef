/**
 * Scheduled bots in the real crontab (of the user running the tests; it is
 * backed up and restored): start adds the line, reload rewrites it, the cron
 * line itself runs the bot once, stop removes it, schedule-onboot restores
 * onboot bots; unrelated crontab lines survive everything. Also the onboot
 * matrix of the PID manager.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parse } from 'yaml';
import { createAdmin, createBroker } from '../../src/pipeline/factory.ts';
import { requireService } from '../helpers/services.ts';
import { FILE_OUTPUT, TAXONOMY, bot, ctl, installation } from './helpers.ts';

const UNRELATED = ['# written by the test, must survive', 'MAILTO=""', '17 4 * * * /bin/true # unrelated-job', ''].join('\n');

function crontab(args: string[], input?: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync('crontab', args, { input: input ?? '', encoding: 'utf8' });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function currentCrontab(): string {
  const r = crontab(['-l']);
  return r.code === 0 ? r.stdout : '';
}

function botLines(text: string, id: string): string[] {
  return text.split('\n').filter((l) => l.endsWith(` start ${id} --schedule-exec # ${id}`));
}

test('scheduled bots through crontab, onboot restore and the PID manager onboot matrix', { timeout: 150_000 }, async (t) => {
  const probe = async () => {
    const r = crontab(['-l']);
    if (r.code !== 0 && !/no crontab/i.test(r.stderr)) throw new Error(`crontab -l failed: ${r.stderr.trim()}`);
  };
  if (!(await requireService(t, 'crontab (apt-get install cron)', probe))) return;
  const backup = crontab(['-l']);
  after(() => {
    if (backup.code === 0) crontab(['-'], backup.stdout);
    else crontab(['-r']);
  });
  crontab(['-'], UNRELATED);

  const inst = installation({});
  const scheduled = (schedule: string, extra: Record<string, unknown> = {}) =>
    bot(TAXONOMY, 'Expert', { destination_queues: { _default: ['file-output-queue'] }, schedule_time: schedule, ...extra }, { run_mode: 'scheduled' });
  const runtime = {
    'sched-expert': scheduled('*/5 * * * *'),
    'boot-expert': scheduled('@daily', { onboot: true }),
    'bad-schedule': scheduled('* * * * * ; reboot'),
    'file-output': bot(FILE_OUTPUT, 'Output', { file: join(inst.root, 'events.txt') }),
  };
  inst.writeRuntime(runtime);

  const refused = await ctl(inst, ['start', 'bad-schedule']);
  assert.equal(refused.code, 1);
  assert.match(refused.output, /schedule_time '\* \* \* \* \* ; reboot' contains characters that are not allowed/);

  const started = await ctl(inst, ['start', 'sched-expert']);
  assert.equal(started.code, 0, started.output);
  assert.match(started.output, /Bot sched-expert is scheduled \(\*\/5 \* \* \* \*\)\./);
  let tab = currentCrontab();
  assert.ok(tab.startsWith(UNRELATED), 'unrelated lines stay, in place');
  const [line] = botLines(tab, 'sched-expert');
  assert.match(line!, new RegExp(`^\\*/5 \\* \\* \\* \\* INTELMQ_ROOT_DIR=${inst.root} \\S+node \\S+/bin/intelmqctl\\.js start sched-expert --schedule-exec # sched-expert$`));
  assert.equal(botLines(tab, 'bad-schedule').length, 0);

  const status = await ctl(inst, ['--type', 'json', 'status', 'sched-expert', 'boot-expert']);
  assert.equal(status.stderr, '', status.output);
  assert.deepEqual(JSON.parse(status.stdout), { 'sched-expert': 'scheduled', 'boot-expert': 'not scheduled' });

  inst.writeRuntime({ ...runtime, 'sched-expert': scheduled('0 * * * *') });
  const reloaded = await ctl(inst, ['reload', 'sched-expert']);
  assert.equal(reloaded.code, 0, reloaded.output);
  assert.match(reloaded.output, /Bot sched-expert is rescheduled \(0 \* \* \* \*\)\./);
  tab = currentCrontab();
  assert.deepEqual(botLines(tab, 'sched-expert').map((l) => l.split(' ').slice(0, 5).join(' ')), ['0 * * * *']);
  assert.ok(tab.startsWith(UNRELATED));

  // What cron does at the scheduled time: /bin/sh runs the command part of the line in cron's bare environment.
  const globals = { embedded_pipeline_path: join(inst.root, 'var/lib/pipeline.sqlite3') };
  const producer = createBroker(globals, 'destination', { queues: { _default: ['sched-expert-queue'] }, defaultEmbeddedPath: globals.embedded_pipeline_path });
  await producer.connect();
  await producer.send(JSON.stringify({ __type: 'Event', 'classification.type': 'phishing', 'source.ip': '192.0.2.1' }));
  await producer.disconnect();
  const command = botLines(currentCrontab(), 'sched-expert')[0]!.split(' ').slice(5).join(' ').replace(/\\%/g, '%');
  const run = spawnSync('/bin/sh', ['-c', command], { env: { PATH: '/usr/bin:/bin', HOME: inst.root }, encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 0, `${run.stdout}${run.stderr}`);
  const admin = createAdmin(globals, { defaultEmbeddedPath: globals.embedded_pipeline_path });
  assert.deepEqual(await admin.count(['sched-expert-queue', 'file-output-queue']), { 'sched-expert-queue': 0, 'file-output-queue': 1 }, 'one message processed, then the run ended');
  await admin.close();

  const stopped = await ctl(inst, ['stop', 'sched-expert']);
  assert.equal(stopped.code, 0, stopped.output);
  assert.match(stopped.output, /Bot sched-expert is not scheduled\./);
  assert.equal(currentCrontab(), UNRELATED, 'only our line was removed');

  const onboot = await ctl(inst, ['schedule-onboot']);
  assert.equal(onboot.code, 0, onboot.output);
  assert.match(onboot.output, /Bot boot-expert is scheduled \(@daily\)\./);
  assert.deepEqual(botLines(currentCrontab(), 'boot-expert').length, 1);
  assert.deepEqual(botLines(currentCrontab(), 'sched-expert').length, 0, 'only bots with onboot: true');

  // Onboot matrix, PID manager column: onboot is forced to false, with the proposal's message.
  const pidNote = /IntelMQ does not support onboot configuration in PID process management\. Please use systemd process management/;
  const enabled = await ctl(inst, ['enable', 'boot-expert']);
  assert.equal(enabled.code, 0, enabled.output);
  assert.match(enabled.output, pidNote);
  let written = parse(readFileSync(inst.runtimeFile, 'utf8')) as Record<string, { enabled: boolean; parameters: { onboot: boolean } }>;
  assert.deepEqual([written['boot-expert']!.enabled, written['boot-expert']!.parameters.onboot], [true, false]);
  const disabled = await ctl(inst, ['disable', 'file-output']);
  assert.equal(disabled.code, 0, disabled.output);
  assert.match(disabled.output, /Disabling file-output\./);
  assert.match(disabled.output, pidNote);
  written = parse(readFileSync(inst.runtimeFile, 'utf8')) as typeof written;
  assert.deepEqual([written['file-output']!.enabled, written['file-output']!.parameters.onboot], [false, false]);

  const cleanup = await ctl(inst, ['stop', 'boot-expert']);
  assert.equal(cleanup.code, 0);
  assert.equal(currentCrontab(), UNRELATED);
});
