/** The pure pieces of intelmqctl, without processes: fast checks of the rules the end-to-end tests rely on. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matchesFilter, parseFilter, type Filterable } from '../../src/ctl/filter.ts';
import { pyJsonIndent } from '../../src/ctl/json-output.ts';
import { BOT_NODE_FLAGS, botArgv } from '../../src/ctl/launcher.ts';
import { interpretCommandLine } from '../../src/ctl/proc.ts';
import { cronLine, findCronEntry } from '../../src/ctl/schedule/crontab.ts';
import { includeFileText, programOptions } from '../../src/ctl/supervisor/program.ts';
import { decodeResponse, encodeCall, XmlRpcFault } from '../../src/ctl/supervisor/xmlrpc.ts';
import { continuousTemplate, continuousUnit, scheduledTemplate } from '../../src/ctl/systemd/units.ts';
import { resolveIds } from '../../src/dump/entries.ts';

test('process identification follows upstream rules, adapted to the node launchers', () => {
  const bot = ['/usr/bin/node', '/opt/x/bin/intelmq-bot.js', 'my-bot'];
  assert.equal(interpretCommandLine(1, bot, 'my-bot'), true);
  assert.equal(interpretCommandLine(1, ['/usr/bin/node', '/opt/x/bin/intelmq-bot.js', '--foreground', 'my-bot'], 'my-bot'), true);
  assert.equal(interpretCommandLine(1, bot, 'other-bot'), false, 'another bot is not this one');
  assert.equal(interpretCommandLine(1, ['node', '/x/bin/intelmqctl.js', 'run', 'my-bot', 'process'], 'my-bot'), true);
  assert.equal(interpretCommandLine(1, botArgv('my-bot', true), 'my-bot'), true, 'with the node flags bots are started with');
  assert.equal(interpretCommandLine(7, ['sleep', '60'], 'my-bot'), "Commandline of the process 7 with commandline ['sleep', '60'] could not be interpreted.");
});

test('--filter: AND of key:value, plural groups, booleans and parameters', () => {
  const bot: Filterable = { id: 'a', group: 'Collector', module: 'm', name: null, description: null, enabled: true, runMode: 'scheduled', params: { rate_limit: 60, http_url: 'https://x/' } };
  assert.ok(matchesFilter(bot, parseFilter('run_mode:scheduled, group:Collectors')));
  assert.ok(matchesFilter(bot, parseFilter('enabled:yes,rate_limit:60, http_url:https://x/')));
  assert.ok(!matchesFilter(bot, parseFilter('run_mode:scheduled, group:Outputs')));
  assert.throws(() => parseFilter('run_mode'), /expected key:value/);
});

test('crontab lines: only our exact line for the bot is found, other lines never match', () => {
  const command = "INTELMQ_ROOT_DIR=/srv/x /usr/bin/node /opt/bin/intelmqctl.js";
  const ours = cronLine('my-bot', '*/5 * * * *', command);
  assert.equal(ours, `*/5 * * * * ${command} start my-bot --schedule-exec # my-bot`);
  const lines = ['# start my-bot --schedule-exec # my-bot', '0 * * * * intelmqctl start my-bot2 --schedule-exec # my-bot2', '1 2 * * * /other/intelmqctl.js start my-bot --schedule-exec # my-bot', ours, '@daily intelmqctl start b --schedule-exec # b'];
  assert.deepEqual(findCronEntry(lines, 'my-bot', command), { index: 3, line: ours, schedule: '*/5 * * * *' });
  assert.equal(findCronEntry(lines, 'b', command)?.schedule, '@daily', "the proposal's bare form is ours too");
  assert.throws(() => cronLine('a;b', '* * * * *', command), /Invalid bot id/);
});

test('XML-RPC requests and responses, faults included', () => {
  assert.equal(
    encodeCall('twiddler.addProgramToGroup', ['intelmq', 'a<b', { command: 'x & y' }, true, 3]),
    '<?xml version="1.0"?>\n<methodCall><methodName>twiddler.addProgramToGroup</methodName><params><param><value><string>intelmq</string></value></param><param><value><string>a&lt;b</string></value></param><param><value><struct><member><name>command</name><value><string>x &amp; y</string></value></member></struct></value></param><param><value><boolean>1</boolean></value></param><param><value><int>3</int></value></param></params></methodCall>',
  );
  const response = '<?xml version="1.0"?><methodResponse><params><param><value><struct><member><name>statename</name><value><string>RUNNING</string></value></member><member><name>pid</name><value><int>42</int></value></member><member><name>groups</name><value><array><data><value>a &amp; b</value></data></array></value></member></struct></value></param></params></methodResponse>';
  assert.deepEqual(decodeResponse(response), { statename: 'RUNNING', pid: 42, groups: ['a & b'] });
  const fault = '<methodResponse><fault><value><struct><member><name>faultCode</name><value><int>10</int></value></member><member><name>faultString</name><value><string>BAD_NAME: x</string></value></member></struct></value></fault></methodResponse>';
  assert.throws(() => decodeResponse(fault), (e: unknown) => e instanceof XmlRpcFault && e.faultCode === 10);
});

test('every process manager starts bots with the bot node flags', () => {
  const flags = BOT_NODE_FLAGS.join(' ');
  assert.ok(BOT_NODE_FLAGS.length > 0);
  assert.deepEqual(botArgv('my-bot').slice(1, -2), BOT_NODE_FLAGS);
  const settings = { id: 'my-bot', env: {}, outputFile: '/srv/out', stopTimeoutSeconds: 10 };
  assert.ok(programOptions(settings).command.includes(` ${flags} `), 'supervisor');
  for (const unit of [continuousTemplate, scheduledTemplate]) {
    const execStart = /^ExecStart=(.*)$/m.exec(unit({ env: {}, user: null, stopTimeoutSeconds: 10 }))![1]!;
    assert.ok(execStart.includes(` ${flags} `) && execStart.endsWith('/bin/intelmq-bot.js %i'), execStart);
  }
});

test('supervisor program and systemd unit texts refuse what their parsers would reinterpret', () => {
  const settings = { id: 'my-bot', env: { INTELMQ_ROOT_DIR: '/srv/50%' }, outputFile: '/srv/out', stopTimeoutSeconds: 10 };
  assert.equal(programOptions(settings).environment, 'INTELMQ_ROOT_DIR="/srv/50%%"');
  assert.match(includeFileText(settings), /^\[program:intelmq-my-bot\]$/m);
  assert.throws(() => programOptions({ ...settings, env: { INTELMQ_ROOT_DIR: '/srv/"x"' } }), /double quote/);
  assert.match(continuousTemplate({ env: { INTELMQ_ROOT_DIR: '/srv/a b%' }, user: null, stopTimeoutSeconds: 10 }), /^Environment="INTELMQ_ROOT_DIR=\/srv\/a b%%"$/m);
  assert.throws(() => continuousUnit('../x'), /Invalid bot id/);
});

test('JSON output is Python json.dumps(indent=4) with ASCII escapes', () => {
  assert.equal(pyJsonIndent({ 'a-bot': 'running', ü: ['x'] }), '{\n    "a-bot": "running",\n    "\\u00fc": [\n        "x"\n    ]\n}');
});

test('intelmqdump ids: indexes of the sorted entries, timestamps, all', () => {
  const entry = { bot_id: 'b', message: '{}', source_queue: 'q', traceback: 'x' };
  const content = { '2024-01-02T00:00:00': entry, '2024-01-01T00:00:00': entry, '2024-01-03T00:00:00': entry };
  assert.deepEqual(resolveIds(content, '0,2'), ['2024-01-01T00:00:00', '2024-01-03T00:00:00']);
  assert.deepEqual(resolveIds(content, '2024-01-02T00:00:00'), ['2024-01-02T00:00:00']);
  assert.equal(resolveIds(content, 'all').length, 3);
  assert.throws(() => resolveIds(content, '3'), /Invalid id 3/);
});
