/**
 * Configuration handling of intelmqctl: configtest locating problems, bot id
 * safety, check, queues, log, debug, completion and the 2.x upgrade.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { createBroker } from '../../src/pipeline/factory.ts';
import { FILE_OUTPUT, TAXONOMY, bot, ctl, installation } from './helpers.ts';

// The tests use separate installations; two at a time keep the suite short without starving each other.
describe('configuration handling', { concurrency: 2 }, () => {
  test('configtest names the line of a YAML error and the bot and key of a bad parameter', { timeout: 120_000 }, async () => {
    const inst = installation({});
    writeFileSync(inst.runtimeFile, 'taxonomy-expert:\n  name: Taxonomy\n  group: Expert\n module: oops\n');
    const yaml = await ctl(inst, ['configtest']);
    assert.equal(yaml.code, 1);
    assert.match(yaml.output, new RegExp(`${inst.runtimeFile}:4:1: error: Invalid YAML .*All mapping items must start at the same column`));

    inst.writeRuntime({
      'taxonomy-expert': bot(TAXONOMY, 'Expert', { destination_queues: { _default: ['file-output-queue'] }, error_max_retries: 'many' }),
      'file-output': bot(FILE_OUTPUT, 'Output', { format_filename: 'perhaps' }),
      'good-expert': bot(TAXONOMY, 'Expert', { destination_queues: ['file-output-queue'] }),
    });
    const [text, json] = await Promise.all([ctl(inst, ['configtest']), ctl(inst, ['--type', 'json', 'configtest'])]);
    assert.equal(text.code, 1);
    assert.match(text.output, /Bot 'taxonomy-expert' configuration is bad because:\n.*runtime\.yaml:\d+:\d+: error: Parameter 'error_max_retries' must be an integer >= 0, got "many"\. \(bot 'taxonomy-expert'\)/);
    assert.match(text.output, /Bot 'file-output' configuration is bad because:\n\s+Bot 'file-output': parameter 'format_filename' must be boolean\./);
    assert.match(text.output, /Bot 'good-expert': configuration is valid\./);
    const result = JSON.parse(json.stdout) as { status: string; bots: Record<string, { status: string; findings: Array<{ key?: string }> }> };
    assert.equal(result.status, 'error');
    assert.deepEqual(Object.fromEntries(Object.entries(result.bots).map(([id, b]) => [id, b.status])), { 'file-output': 'invalid', 'good-expert': 'valid', 'taxonomy-expert': 'invalid' });
    assert.ok(result.bots['taxonomy-expert']!.findings.some((f) => f.key === 'error_max_retries'));
    assert.ok(result.bots['file-output']!.findings.some((f) => f.key === 'format_filename'));
  });

  test('bot ids that could escape into paths, unit names or shell lines are refused everywhere', { timeout: 120_000 }, async () => {
    const inst = installation({ 'a;b': bot(TAXONOMY, 'Expert', { destination_queues: ['x'] }), 'taxonomy-expert': bot(TAXONOMY, 'Expert', { destination_queues: ['x'] }) });
    const attempts: string[][] = [
      ['start', '../x'],
      ['stop', 'a;b'],
      ['status', '$(reboot)'],
      ['enable', '../../etc/passwd'],
      ['run', '`id`', 'process'],
      ['start', '--oneshot', '-rf'],
    ];
    const results = await Promise.all(attempts.map((args) => ctl(inst, args)));
    for (const [i, r] of results.entries()) {
      assert.equal(r.code, 2, `${attempts[i]!.join(' ')}: ${r.output}`);
      if (i < attempts.length - 1) assert.match(r.output, /Invalid bot id .*: only letters, digits and "-" are allowed\./, attempts[i]!.join(' '));
    }
    const configtest = await ctl(inst, ['configtest']);
    assert.match(configtest.output, /Invalid bot id "a;b": only letters, digits and "-" are allowed; the bot is ignored\./);
    assert.deepEqual(readdirSync(inst.varRun).filter((f) => f.includes(';')), [], 'no file was named after the invalid id');
  });

  test('check, queues, clear, log, debug and completion', { timeout: 120_000 }, async () => {
    const inst = installation({
      'taxonomy-expert': bot(TAXONOMY, 'Expert', { destination_queues: { _default: ['file-output-queue'] } }),
      'file-output': bot(FILE_OUTPUT, 'Output'),
    });
    const path = join(inst.root, 'var/lib/pipeline.sqlite3');
    const producer = createBroker({ embedded_pipeline_path: path }, 'destination', { queues: { _default: ['file-output-queue', 'orphan-queue'] }, defaultEmbeddedPath: path });
    await producer.connect();
    await producer.send('{"__type": "Event"}');
    await producer.send('{"__type": "Event"}');
    await producer.disconnect();
    writeFileSync(
      join(inst.logDir, 'taxonomy-expert.log'),
      [
        '2024-05-01 10:00:00,123 - taxonomy-expert - INFO - Bot is starting.',
        '2024-05-01 10:00:01,000 - taxonomy-expert - ERROR - Bot has found a problem.',
        'Traceback (most recent call last):',
        'ValueError: boom',
        '2024-05-01 10:00:02,000 - other-bot - ERROR - not ours',
        '2024-05-01 10:00:03,000 - taxonomy-expert - DEBUG - detail',
        '',
      ].join('\n'),
    );

    const [check, queues, log, debug, bash] = await Promise.all([
      ctl(inst, ['--type', 'json', 'check']),
      ctl(inst, ['list', 'queues', '-q']),
      ctl(inst, ['--type', 'json', 'log', 'taxonomy-expert', '5', 'INFO']),
      ctl(inst, ['--type', 'json', 'debug', '--get-paths']),
      ctl(inst, ['completion', 'bash']),
    ]);
    const checked = JSON.parse(check.stdout) as { status: string; lines: Array<[string, string]> };
    assert.equal(checked.status, 'success', check.output);
    assert.ok(checked.lines.some(([level, m]) => level === 'warning' && m.startsWith("Orphaned queues found: 'orphan-queue'.")));
    assert.ok(checked.lines.some(([level, m]) => level === 'error' && m === "No state file found. Please call 'intelmqctl upgrade-config'."));
    assert.equal(queues.stdout, 'file-output-queue - 2\n');
    assert.deepEqual(JSON.parse(log.stdout), [
      { date: '2024-05-01T10:00:00.123000', bot_id: 'taxonomy-expert', thread_id: null, log_level: 'INFO', message: 'Bot is starting.' },
      { date: '2024-05-01T10:00:01.000000', bot_id: 'taxonomy-expert', thread_id: null, log_level: 'ERROR', message: 'Bot has found a problem.', extended_message: 'Traceback (most recent call last):\nValueError: boom' },
    ]);
    assert.equal((JSON.parse(debug.stdout) as { paths: Record<string, string> }).paths.RUNTIME_CONF_FILE, inst.runtimeFile);
    assert.match(bash.stdout, /complete -F _intelmqctl intelmqctl/);
    assert.match(bash.stdout, /start.*stop|stop.*start/);
    assert.equal(spawnSync('bash', ['-n'], { input: bash.stdout }).status, 0, 'the bash script parses');

    const [cleared, unknown] = await Promise.all([ctl(inst, ['--type', 'json', 'clear', 'file-output-queue']), ctl(inst, ['clear', 'no-such-queue'])]);
    assert.deepEqual([cleared.code, JSON.parse(cleared.stdout)], [0, 'success']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.output, /Queue no-such-queue does not exist!/);
  });

  test('upgrade-config turns a 2.x layout into runtime.yaml', { timeout: 120_000 }, async () => {
    const inst = installation({});
    const etc = join(inst.root, 'etc');
    writeFileSync(join(etc, 'defaults.conf'), JSON.stringify({ logging_level: 'DEBUG', broker: 'redis' }));
    writeFileSync(join(etc, 'pipeline.conf'), JSON.stringify({ 'taxonomy-expert': { 'source-queue': 'taxonomy-expert-queue', 'destination-queues': ['file-output-queue'] } }));
    writeFileSync(inst.runtimeFile, JSON.stringify({ 'taxonomy-expert': { name: 'Taxonomy', group: 'Expert', module: TAXONOMY, description: 'd', enabled: true, parameters: {} } }, null, 4));

    const dry = await ctl(inst, ['upgrade-config', '--dry-run']);
    assert.equal(dry.code, 0, dry.output);
    assert.ok(existsSync(join(etc, 'defaults.conf')), 'a dry run changes nothing');

    const upgraded = await ctl(inst, ['upgrade-conf']);
    assert.equal(upgraded.code, 0, upgraded.output);
    assert.match(upgraded.output, /Remove the pipeline\.conf file: Upgrade successful\./);
    assert.match(upgraded.output, /Configuration upgrade successful!/);
    const runtime = parse(readFileSync(inst.runtimeFile, 'utf8')) as Record<string, Record<string, unknown>>;
    assert.deepEqual(runtime.global, {
      logging_level: 'DEBUG',
      source_pipeline_broker: 'redis',
      destination_pipeline_broker: 'redis',
      process_manager: 'intelmq',
      statistics_database: 3,
      statistics_host: '127.0.0.1',
      statistics_password: null,
      statistics_port: 6379,
      ssl_ca_certificate: null,
    });
    assert.deepEqual((runtime['taxonomy-expert']!.parameters as Record<string, unknown>).destination_queues, { _default: ['file-output-queue'] });
    assert.deepEqual(['defaults.conf', 'pipeline.conf'].filter((f) => existsSync(join(etc, f))), []);
    assert.ok(existsSync(`${inst.runtimeFile}.bak`));
    const state = JSON.parse(readFileSync(join(inst.root, 'var/lib/state.json'), 'utf8')) as { version_history: number[][]; upgrades: Record<string, boolean> };
    assert.deepEqual(state.version_history, [[3, 3, 1]]);
    assert.equal(state.upgrades.v300_pipeline_file_removal, true);
  });
});
