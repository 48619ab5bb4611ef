import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../config/test-helpers.ts';
import { ConfigurationError } from '../message/errors.ts';
import { createLogger, loggerFromParameters, parseLogLine, parseSyslogLine } from './logger.ts';

const LOGGER_MODULE = fileURLToPath(new URL('./logger.ts', import.meta.url));
const PROJECT = fileURLToPath(new URL('../..', import.meta.url));
const dir = tempDir();

function lines(file: string): string[] {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
}

/** Runs a TypeScript snippet in a child process with `createLogger` in scope. */
function runChild(body: string, env: Record<string, string> = {}) {
  const script = join(dir, `child-${Math.random().toString(16).slice(2)}.mts`);
  writeFileSync(script, `import { createLogger } from ${JSON.stringify(LOGGER_MODULE)};\n${body}\n`);
  return spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: PROJECT, encoding: 'utf8', env: { ...process.env, ...env } });
}

test('file lines have upstream format and parse back with intelmqctl regex', () => {
  const log = createLogger({ name: 'file-output', level: 'INFO', path: dir, console: false });
  const before = new Date();
  log.debug('Not written.');
  log.info('Bot is starting.');
  log.warning('\x1b[31mColoured\x1b[0m warning.');
  log.critical('Bad.');
  log.close();
  const written = lines(join(dir, 'file-output.log'));
  assert.equal(written.length, 3);
  assert.match(written[0] ?? '', /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3} - file-output - INFO - Bot is starting\.$/);
  const parsed = written.map((l) => parseLogLine(l));
  assert.deepEqual(parsed.map((p) => [p?.botId, p?.logLevel, p?.message, p?.threadId]), [
    ['file-output', 'INFO', 'Bot is starting.', undefined],
    ['file-output', 'WARNING', 'Coloured warning.', undefined],
    ['file-output', 'CRITICAL', 'Bad.', undefined],
  ]);
  // Local time, not UTC.
  const stamp = parsed[0]?.date ?? '';
  const logged = new Date(`${stamp.slice(0, 10)}T${stamp.slice(11, 19)}`);
  assert.ok(Math.abs(logged.getTime() - before.getTime()) < 5000, stamp);
});

test('instance ids and multi-line messages', () => {
  const log = createLogger({ name: 'a-expert.3', path: dir, console: false });
  log.exception('Bot has found a problem.', new Error('boom'));
  log.close();
  const written = lines(join(dir, 'a-expert.3.log'));
  const first = parseLogLine(written[0] ?? '');
  assert.deepEqual([first?.botId, first?.threadId, first?.logLevel, first?.message], ['a-expert', '3', 'ERROR', 'Bot has found a problem.']);
  assert.equal(written[1], 'Error: boom');
  assert.equal(parseLogLine(written[2] ?? ''), null, 'traceback lines are continuation lines');
});

test('parseLogLine / parseSyslogLine on upstream samples', () => {
  assert.deepEqual(parseLogLine('2024-05-01 10:00:00,123 - file-output - INFO - Bot is starting.'), {
    date: '2024-05-01 10:00:00,123', botId: 'file-output', threadId: undefined, logLevel: 'INFO', message: 'Bot is starting.',
  });
  assert.equal(parseLogLine('2024-05-01 10:00:00,123 - py.warnings - WARNING - x')?.botId, 'py.warnings');
  assert.equal(parseLogLine('garbage'), null);
  const s = parseSyslogLine('May 01 10:00:00 host-1 deduplicator-expert.1: ERROR Bad thing.');
  assert.deepEqual([s?.hostname, s?.botId, s?.threadId, s?.logLevel, s?.message], ['host-1', 'deduplicator-expert', '1', 'ERROR', 'Bad thing.']);
});

test('levels: unknown level is a configuration error; lower case accepted', () => {
  assert.throws(() => createLogger({ name: 'x', level: 'LOUD', console: false }), ConfigurationError);
  const log = createLogger({ name: 'x', level: 'warning', console: false });
  assert.equal(log.isEnabledFor('INFO'), false);
  assert.equal(log.isEnabledFor('ERROR'), true);
  log.close();
});

test('no file for logging_path null or handler stream', () => {
  const a = loggerFromParameters('p-bot', { logging_path: null }, false);
  const b = createLogger({ name: 's-bot', handler: 'stream', path: dir, console: false });
  assert.equal(a.filePath, null);
  assert.equal(b.filePath, null);
  b.info('x');
  assert.equal(existsSync(join(dir, 's-bot.log')), false);
});

test('size rotation keeps logging_max_copies files', () => {
  const log = createLogger({ name: 'rot-bot', path: dir, maxSize: 300, maxCopies: 2, console: false });
  for (let i = 0; i < 40; i++) log.info(`Line ${i} with some padding to fill the file quickly.`);
  log.close();
  const base = join(dir, 'rot-bot.log');
  assert.ok(existsSync(base) && existsSync(`${base}.1`) && existsSync(`${base}.2`));
  assert.equal(existsSync(`${base}.3`), false);
  for (const f of [base, `${base}.1`, `${base}.2`]) assert.ok(statSync(f).size < 300, f);
  assert.match(lines(base).at(-1) ?? '', /Line 39 /);
  assert.match(lines(`${base}.1`).at(-1) ?? '', /Line 3[0-9] /);
});

test('rotation without copies truncates the file', () => {
  const log = createLogger({ name: 'trunc-bot', path: dir, maxSize: 300, console: false });
  for (let i = 0; i < 40; i++) log.info(`Line ${i} with some padding to fill the file quickly.`);
  log.close();
  assert.ok(statSync(join(dir, 'trunc-bot.log')).size < 300);
  assert.equal(existsSync(join(dir, 'trunc-bot.log.1')), false);
});

test('lines survive SIGKILL right after an error, and process exit', () => {
  const killed = runChild(`
    const log = createLogger({ name: 'kill-bot', path: ${JSON.stringify(dir)}, console: false });
    log.info('Before the error.');
    log.error('The error.');
    process.kill(process.pid, 'SIGKILL');`);
  assert.equal(killed.signal, 'SIGKILL');
  assert.deepEqual(lines(join(dir, 'kill-bot.log')).map((l) => parseLogLine(l)?.message), ['Before the error.', 'The error.']);

  const exited = runChild(`
    const log = createLogger({ name: 'exit-bot', path: ${JSON.stringify(dir)}, console: false });
    for (let i = 0; i < 1000; i++) log.info('Line ' + i + '.');
    process.exit(3);`);
  assert.equal(exited.status, 3);
  assert.equal(lines(join(dir, 'exit-bot.log')).length, 1000);
});

test('console: "<name>: message", stdout below WARNING, stderr from WARNING', () => {
  const child = runChild(`
    const log = createLogger({ name: 'con-bot', console: true, handler: 'stream' });
    log.info('Info line.');
    log.error('Error line.');`);
  assert.equal(child.stdout, 'con-bot: Info line.\n');
  assert.equal(child.stderr, 'con-bot: Error line.\n');
  const plain = runChild(`
    const log = createLogger({ name: 'intelmqctl', console: true, handler: 'stream', consoleFormat: 'message' });
    log.info('Bot x is running.');`);
  assert.equal(plain.stdout, 'Bot x is running.\n');
});

test('100k lines: buffered writes keep the loop fast', (t) => {
  const log = createLogger({ name: 'perf-bot', path: dir, console: false });
  const start = process.hrtime.bigint();
  for (let i = 0; i < 100_000; i++) log.info(`Processed ${i} messages since last logging.`);
  log.flush();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const filtered = process.hrtime.bigint();
  for (let i = 0; i < 100_000; i++) log.debug(`Filtered ${i}.`);
  const filteredMs = Number(process.hrtime.bigint() - filtered) / 1e6;
  log.close();
  t.diagnostic(`100k INFO lines: ${ms.toFixed(1)} ms; 100k filtered DEBUG calls: ${filteredMs.toFixed(1)} ms`);
  assert.equal(lines(join(dir, 'perf-bot.log')).length, 100_000);
  assert.ok(ms < 1500, `too slow: ${ms} ms`);
});

test('syslog over UDP uses Python SysLogHandler framing', async () => {
  const server = createSocket('udp4');
  await new Promise<void>((resolve) => server.bind(0, '127.0.0.1', resolve));
  const received = new Promise<string>((resolve) => server.once('message', (msg) => resolve(msg.toString('utf8'))));
  const log = createLogger({ name: 'udp-bot', handler: 'syslog', syslog: ['127.0.0.1', server.address().port], console: false });
  log.warning('Over UDP.');
  assert.equal(await received, '<12>udp-bot: WARNING Over UDP.\0');
  log.close();
  server.close();
});

const python = spawnSync('python3', ['--version']).status === 0;

test('syslog over a unix datagram socket', { skip: !python && 'python3 not available to host a unix datagram socket' }, () => {
  const socket = join(dir, 'dev-log');
  const out = join(dir, 'syslog.txt');
  const receiver = `
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
s.settimeout(10)
open(sys.argv[1] + '.ready', 'w').close()
data = s.recv(65536)
open(sys.argv[2], 'wb').write(data)
`;
  const script = join(dir, 'receiver.py');
  writeFileSync(script, receiver);
  const child = runChild(`
    import { spawn } from 'node:child_process';
    import { existsSync } from 'node:fs';
    const py = spawn('python3', [${JSON.stringify(script)}, ${JSON.stringify(socket)}, ${JSON.stringify(out)}], { stdio: 'inherit' });
    const until = Date.now() + 10000;
    while (!existsSync(${JSON.stringify(socket + '.ready')}) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    const log = createLogger({ name: 'sock-bot', handler: 'syslog', syslog: ${JSON.stringify(socket)}, console: false });
    log.error('Via the socket.\\nSecond line.');
    log.close();
    await new Promise((r) => py.on('exit', r));`);
  assert.equal(child.status, 0, child.stderr);
  const datagram = readFileSync(out, 'utf8');
  assert.match(datagram, /^<11>.*sock-bot: ERROR Via the socket\.#012Second line\.$/);
});

test('syslog to a missing socket fails like upstream', () => {
  assert.throws(() => createLogger({ name: 'x', handler: 'syslog', syslog: join(dir, 'missing-socket'), console: false }), /does not exist/);
});
