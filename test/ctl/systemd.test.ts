/**
 * The systemd process manager through Debian's `systemctl` package
 * (docker-systemctl-replacement, a Python systemctl working on a --root
 * directory), fetched and unpacked by the test: unit installation, start,
 * status, reload, the enable/disable (onboot) matrix and stop.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { requireService } from '../helpers/services.ts';
import { TAXONOMY, bot, ctl, installation, processAlive } from './helpers.ts';

/** Downloads and unpacks the systemctl package; returns the script path. */
function fetchSystemctl(dir: string): string {
  const download = spawnSync('apt-get', ['download', 'systemctl'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  if (download.status !== 0) throw new Error(`apt-get download systemctl failed: ${(download.stderr || download.error?.message || '').trim()}`);
  const deb = readdirSync(dir).find((f) => f.startsWith('systemctl_') && f.endsWith('.deb'));
  if (!deb) throw new Error('apt-get download systemctl produced no package');
  execFileSync('dpkg', ['-x', join(dir, deb), join(dir, 'pkg')]);
  const script = join(dir, 'pkg/usr/bin/systemctl');
  if (spawnSync('python3', [script, '--version']).status !== 0) throw new Error('the unpacked systemctl does not run (python3 missing?)');
  return script;
}

test('bots as systemd units: install-units, start, status, reload, enable/disable, stop', { timeout: 150_000 }, async (t) => {
  const inst = installation({});
  const download = join(inst.root, 'systemctl');
  mkdirSync(download);
  let script = '';
  const probe = async () => {
    script = fetchSystemctl(download);
  };
  if (!(await requireService(t, 'systemctl (Debian package, apt-get download)', probe))) return;

  const sdroot = join(inst.root, 'sdroot');
  const unitDir = join(sdroot, 'etc/systemd/system');
  const expert = bot(TAXONOMY, 'Expert', { destination_queues: { _default: ['x-queue'] } });
  inst.writeRuntime({
    global: { process_manager: 'systemd', systemctl_command: `python3 ${script} --root=${sdroot}`, systemd_unit_dir: unitDir },
    'taxonomy-expert': expert,
    'scheduled-expert': bot(TAXONOMY, 'Expert', { destination_queues: { _default: ['x-queue'] }, schedule_time: '0 3 * * *' }, { run_mode: 'scheduled' }),
  });

  const installed = await ctl(inst, ['install-units']);
  assert.equal(installed.code, 0, installed.output);
  for (const unit of ['intelmq.continuous@.service', 'intelmq.scheduled@.service', 'intelmq.scheduled_bots_onboot.service']) assert.ok(existsSync(join(unitDir, unit)), unit);
  assert.match(readFileSync(join(unitDir, 'intelmq.continuous@.service'), 'utf8'), new RegExp(`Environment=INTELMQ_ROOT_DIR=${inst.root}`));
  assert.ok(lstatSync(join(unitDir, 'multi-user.target.wants/intelmq.scheduled_bots_onboot.service')).isSymbolicLink(), 'the onboot unit is enabled');

  const started = await ctl(inst, ['start', 'taxonomy-expert']);
  assert.equal(started.code, 0, started.output);
  assert.match(started.output, /Bot taxonomy-expert is running\./);
  const state = JSON.parse(readFileSync(join(inst.varRun, 'taxonomy-expert.state'), 'utf8')) as { pid: number; since: string };
  const show = execFileSync('python3', [script, `--root=${sdroot}`, 'show', 'intelmq.continuous@taxonomy-expert.service'], { encoding: 'utf8' });
  assert.match(show, /ActiveState=active/);
  assert.match(show, new RegExp(`MainPID=${state.pid}\\b`), 'the unit runs the bot that reported ready');

  const reloaded = await ctl(inst, ['reload', 'taxonomy-expert']);
  assert.equal(reloaded.code, 0, reloaded.output);
  const afterReload = JSON.parse(readFileSync(join(inst.varRun, 'taxonomy-expert.state'), 'utf8')) as { pid: number; since: string };
  assert.deepEqual([afterReload.pid === state.pid, afterReload.since !== state.since], [true, true], 'systemctl reload sent SIGHUP');

  // Onboot matrix, systemd column: continuous → systemctl enable + onboot: true; scheduled → onboot only.
  const wants = join(unitDir, 'multi-user.target.wants/intelmq.continuous@taxonomy-expert.service');
  const enabled = await ctl(inst, ['enable', 'taxonomy-expert']);
  assert.equal(enabled.code, 0, enabled.output);
  assert.ok(existsSync(wants), 'systemctl enable linked the instance');
  const enabledScheduled = await ctl(inst, ['enable', 'scheduled-expert']);
  assert.equal(enabledScheduled.code, 1, 'a scheduled bot without crontab line is "not scheduled"');
  let runtime = parse(readFileSync(inst.runtimeFile, 'utf8')) as Record<string, { enabled: boolean; parameters: { onboot?: boolean } }>;
  assert.deepEqual([runtime['taxonomy-expert']!.parameters.onboot, runtime['scheduled-expert']!.parameters.onboot], [true, true]);
  assert.equal(readdirSync(join(unitDir, 'multi-user.target.wants')).some((f) => f.includes('scheduled-expert')), false, 'the onboot unit schedules it at boot');
  assert.doesNotMatch(enabled.output + enabledScheduled.output, /does not support onboot/);

  const disabled = await ctl(inst, ['disable', 'taxonomy-expert']);
  assert.equal(disabled.code, 0, disabled.output);
  assert.equal(existsSync(wants), false, 'systemctl disable removed the link');
  runtime = parse(readFileSync(inst.runtimeFile, 'utf8')) as typeof runtime;
  assert.deepEqual([runtime['taxonomy-expert']!.enabled, runtime['taxonomy-expert']!.parameters.onboot], [false, false]);

  const stopped = await ctl(inst, ['stop', 'taxonomy-expert']);
  assert.equal(stopped.code, 0, stopped.output);
  assert.equal(processAlive(state.pid), false);
  const gone = await ctl(inst, ['--type', 'json', 'status', 'taxonomy-expert']);
  assert.equal(JSON.parse(gone.stdout), 'disabled');
});
