/**
 * The intelmq (PID file) process manager end to end: a 3-bot botnet is
 * started, inspected, reloaded and stopped with the real intelmqctl.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { FILE_COLLECTOR, FILE_OUTPUT, TAXONOMY, bot, ctl, installation, processAlive, readPid } from './helpers.ts';

function botnet(root: string): Record<string, unknown> {
  return {
    'file-collector': bot(FILE_COLLECTOR, 'Collector', { path: join(root, 'in'), postfix: '.txt', rate_limit: 300, destination_queues: { _default: ['taxonomy-expert-queue'] } }),
    'taxonomy-expert': bot(TAXONOMY, 'Expert', { destination_queues: { _default: ['file-output-queue'] } }),
    'file-output': bot(FILE_OUTPUT, 'Output', { file: join(root, 'events.txt') }),
  };
}

// The tests use separate installations; two at a time keep the suite short without starving each other.
describe('the intelmq (PID file) process manager', { concurrency: 2 }, () => {
  test('a 3-bot botnet starts, reports its status, reloads and stops', { timeout: 150_000 }, async () => {
    const inst = installation({});
    mkdirSync(join(inst.root, 'in'));
    inst.writeRuntime(botnet(inst.root));
    const ids = ['file-collector', 'file-output', 'taxonomy-expert'];

    const started = await ctl(inst, ['start']);
    assert.equal(started.code, 0, started.output);
    assert.match(started.output, /Starting Botnet\.\.\./);
    for (const id of ids) assert.match(started.output, new RegExp(`Bot ${id} is running\\.`));
    assert.match(started.output, /Bot Botnet is running\./);

    for (const id of ids) {
      const pid = readPid(inst, id);
      assert.ok(pid && processAlive(pid), `${id} has a live PID`);
      // The PID file names the bot process itself, which wrote its readiness state.
      const state = JSON.parse(readFileSync(join(inst.varRun, `${id}.state`), 'utf8')) as { pid: number; state: string };
      assert.deepEqual([state.pid, state.state], [pid, 'running']);
      assert.match(readFileSync(`/proc/${pid}/cmdline`, 'utf8'), new RegExp(`intelmq-bot\\.js\\0${id}\\0`));
      assert.ok(existsSync(join(inst.varRun, `${id}.config.json`)), 'internal copy of the configuration');
    }

    const table = await ctl(inst, ['status']);
    assert.equal(table.code, 0, table.output);
    assert.match(table.stdout, /^bot_id\s+run_mode\s+scheduled_time\s+status\s+onboot\s+configtest\s+queue\s+processed\s+failed$/m);
    for (const id of ids) assert.match(table.stdout, new RegExp(`^${id}\\s+continuous\\s+-\\s+running\\s+no\\s+valid\\s+`, 'm'));
    assert.match(table.stdout, /^file-collector\s.*\s-\s+\d+\s+\d+$/m, 'collectors have no queue, but counters');

    const json = await ctl(inst, ['--type', 'json', 'status']);
    assert.equal(json.code, 0);
    assert.deepEqual(JSON.parse(json.stdout), { 'file-collector': 'running', 'file-output': 'running', 'taxonomy-expert': 'running' });
    const brief = await ctl(inst, ['status', '--brief', 'taxonomy-expert']);
    assert.match(brief.output, /^Bot taxonomy-expert is running\.$/m);

    const before = JSON.parse(readFileSync(join(inst.varRun, 'taxonomy-expert.state'), 'utf8')) as { since: string };
    const reloaded = await ctl(inst, ['reload', '--filter', 'group:Experts, module:intelmq.bots.experts.taxonomy.expert']);
    assert.equal(reloaded.code, 0, reloaded.output);
    assert.match(reloaded.output, /Reloading bot taxonomy-expert \.\.\./);
    assert.doesNotMatch(reloaded.output, /file-output/, '--filter selects the expert only');
    const after = JSON.parse(readFileSync(join(inst.varRun, 'taxonomy-expert.state'), 'utf8')) as { since: string; pid: number };
    assert.notEqual(after.since, before.since, 'the bot re-initialised');
    assert.equal(after.pid, readPid(inst, 'taxonomy-expert'), 'reload keeps the process');

    const pids = ids.map((id) => readPid(inst, id)!);
    const stopped = await ctl(inst, ['--type', 'json', 'stop']);
    assert.equal(stopped.code, 0, stopped.output);
    assert.deepEqual(JSON.parse(stopped.stdout), { 'file-collector': 'stopped', 'file-output': 'stopped', 'taxonomy-expert': 'stopped' });
    for (const [i, id] of ids.entries()) {
      assert.equal(processAlive(pids[i]!), false, `${id} is gone`);
      assert.equal(existsSync(join(inst.varRun, `${id}.pid`)), false);
      assert.equal(existsSync(join(inst.varRun, `${id}.config.json`)), false);
    }
    const stoppedAgain = await ctl(inst, ['stop', 'file-output']);
    assert.equal(stoppedAgain.code, 0, 'stopping a stopped bot is not an error, as upstream');
    assert.match(stoppedAgain.output, /Bot file-output was NOT RUNNING\./);
  });

  test('a bot removed from runtime.yaml while running is reported and can be stopped', { timeout: 120_000 }, async () => {
    const inst = installation({});
    const expert = bot(TAXONOMY, 'Expert', { destination_queues: { _default: ['x-queue'] } });
    inst.writeRuntime({ 'taxonomy-expert': expert, 'other-expert': expert });
    const started = await ctl(inst, ['start', 'taxonomy-expert']);
    assert.equal(started.code, 0, started.output);
    const pid = readPid(inst, 'taxonomy-expert')!;

    inst.writeRuntime({ 'other-expert': expert });
    const status = await ctl(inst, ['--type', 'json', 'status']);
    assert.equal(JSON.parse(status.stdout)['taxonomy-expert'], 'running');
    assert.match(status.stderr, /Bot taxonomy-expert is running but no longer in the runtime configuration/);

    const refused = await ctl(inst, ['start']);
    assert.equal(refused.code, 1, 'no questions without a terminal: a clear refusal');
    assert.match(refused.output, /Refusing to start the botnet while bot\(s\) taxonomy-expert run without configuration\. Re-run with --yes/);

    const stopped = await ctl(inst, ['stop', 'taxonomy-expert']);
    assert.equal(stopped.code, 0, stopped.output);
    assert.match(stopped.output, /Bot taxonomy-expert is stopped\./);
    assert.equal(processAlive(pid), false);
    assert.equal(existsSync(join(inst.varRun, 'taxonomy-expert.config.json')), false, 'and then forgotten');
  });

  test('failures are reported honestly: a crashing bot, a PID of another process, a bot ignoring SIGTERM', { timeout: 120_000 }, async () => {
    const inst = installation({
      'broken-expert': bot(TAXONOMY, 'Expert', { destination_queues: { _default: ['x-queue'] }, error_max_retries: 'many' }),
      'taxonomy-expert': bot(TAXONOMY, 'Expert', { destination_queues: { _default: ['x-queue'] } }),
    });
    const failed = await ctl(inst, ['start', 'broken-expert']);
    assert.equal(failed.code, 1);
    assert.match(failed.output, /Bot broken-expert failed to START\./);
    assert.match(failed.output, /The bot process exited with code 1\./, 'a crash is reported as such, not as a readiness timeout');
    assert.match(failed.output, /error_max_retries/, 'the bot output says why');

    // A PID file naming an unrelated process (a reused PID) is not taken for the bot.
    const sleeper = spawn('sleep', ['60'], { stdio: 'ignore' });
    try {
      writeFileSync(join(inst.varRun, 'taxonomy-expert.pid'), String(sleeper.pid));
      const status = await ctl(inst, ['status', '--brief', 'taxonomy-expert']);
      assert.equal(status.code, 1);
      assert.match(status.output, /Status of Bot taxonomy-expert is unknown: 'Commandline of the process \d+ with commandline \['sleep', '60'\] could not be interpreted\.'/);
      const start = await ctl(inst, ['start', 'taxonomy-expert']);
      assert.equal(start.code, 1, 'start refuses instead of starting a second instance');
      assert.equal(processAlive(sleeper.pid!), true, 'and the unrelated process is not touched');
    } finally {
      sleeper.kill();
    }

    // A bot that ignores SIGTERM (its command line names it, so it is identified as the bot) is killed after --timeout.
    const stubborn = spawn(process.execPath, ['-e', "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000);", '/x/bin/intelmq-bot.js', 'taxonomy-expert'], { stdio: 'ignore' });
    try {
      await new Promise((resolve) => stubborn.once('spawn', resolve));
      writeFileSync(join(inst.varRun, 'taxonomy-expert.pid'), String(stubborn.pid));
      const stopped = await ctl(inst, ['stop', '--timeout', '1', 'taxonomy-expert']);
      assert.equal(stopped.code, 0, stopped.output);
      assert.match(stopped.output, /Bot taxonomy-expert did not stop within 1 s after SIGTERM and was killed with SIGKILL\./);
      assert.match(stopped.output, /Bot taxonomy-expert is stopped\./);
      assert.equal(stubborn.signalCode, 'SIGKILL');
    } finally {
      stubborn.kill('SIGKILL');
    }
  });
});
