/**
 * The supervisor process manager against a real supervisord (stock, without
 * twiddler: bots come and go as include files), started by the test on a
 * temporary unix socket.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { requireService } from '../helpers/services.ts';
import { FILE_OUTPUT, TAXONOMY, bot, ctl, installation, processAlive } from './helpers.ts';
import { xmlRpcCall } from '../../src/ctl/supervisor/xmlrpc.ts';
import { waitFor } from '../../src/ctl/wait.ts';

function startSupervisord(dir: string): ChildProcess {
  const conf = join(dir, 'supervisord.conf');
  writeFileSync(
    conf,
    `[unix_http_server]
file=${dir}/supervisor.sock

[supervisord]
logfile=${dir}/supervisord.log
pidfile=${dir}/supervisord.pid
childlogdir=${dir}
nodaemon=true
user=root

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[include]
files = ${dir}/conf.d/*.conf
`,
  );
  mkdirSync(join(dir, 'conf.d'));
  const child = spawn('supervisord', ['-c', conf], { stdio: 'ignore' });
  after(() => {
    child.kill('SIGTERM');
  });
  return child;
}

test('bots run under a real supervisord: start, status, reload, stop', { timeout: 120_000 }, async (t) => {
  const available = async () => {
    const r = spawnSync('supervisord', ['--version'], { encoding: 'utf8' });
    if (r.error || r.status !== 0) throw new Error('supervisord is not installed (apt-get install supervisor)');
  };
  if (!(await requireService(t, 'supervisord', available))) return;

  const inst = installation({});
  const dir = join(inst.root, 'supervisor');
  mkdirSync(dir);
  startSupervisord(dir);
  const socket = join(dir, 'supervisor.sock');
  const endpoint = { socketPath: socket, path: '/RPC2' };
  const up = await waitFor(async () => (existsSync(socket) && (await xmlRpcCall(endpoint, 'supervisor.getState').catch(() => null)) ? true : undefined), { timeoutMs: 20_000, intervalMs: 100 });
  assert.ok(up, 'supervisord came up');

  inst.writeRuntime({
    global: { process_manager: 'supervisor', supervisor_socket: socket, supervisor_include_dir: join(dir, 'conf.d') },
    'taxonomy-expert': bot(TAXONOMY, 'Expert', { destination_queues: { _default: ['file-output-queue'] } }),
    'file-output': bot(FILE_OUTPUT, 'Output', { file: join(inst.root, 'events.txt') }),
  });

  const started = await ctl(inst, ['start']);
  assert.equal(started.code, 0, started.output);
  assert.match(started.output, /Bot taxonomy-expert is running\.[\s\S]*Bot Botnet is running\./);
  assert.deepEqual(readdirSync(join(dir, 'conf.d')).sort(), ['intelmq-file-output.conf', 'intelmq-taxonomy-expert.conf']);
  const info = (await xmlRpcCall(endpoint, 'supervisor.getProcessInfo', ['intelmq-taxonomy-expert:intelmq-taxonomy-expert'])) as { statename: string; pid: number };
  assert.equal(info.statename, 'RUNNING');
  const state = JSON.parse(readFileSync(join(inst.varRun, 'taxonomy-expert.state'), 'utf8')) as { pid: number; since: string };
  assert.equal(state.pid, info.pid, 'the process supervisord runs is the bot that reported ready');

  const status = await ctl(inst, ['--type', 'json', 'status']);
  assert.equal(status.code, 0);
  assert.deepEqual(JSON.parse(status.stdout), { 'file-output': 'running', 'taxonomy-expert': 'running' });

  const reloaded = await ctl(inst, ['reload', 'taxonomy-expert']);
  assert.equal(reloaded.code, 0, reloaded.output);
  const afterReload = JSON.parse(readFileSync(join(inst.varRun, 'taxonomy-expert.state'), 'utf8')) as { pid: number; since: string };
  assert.equal(afterReload.pid, info.pid, 'SIGHUP through supervisord keeps the process');
  assert.notEqual(afterReload.since, state.since);

  const stopped = await ctl(inst, ['stop']);
  assert.equal(stopped.code, 0, stopped.output);
  assert.equal(processAlive(info.pid), false);
  assert.deepEqual(readdirSync(join(dir, 'conf.d')), [], 'include files are removed with the bots');
  const all = (await xmlRpcCall(endpoint, 'supervisor.getAllProcessInfo')) as unknown[];
  assert.deepEqual(all, [], 'supervisord forgot the bots');
});
