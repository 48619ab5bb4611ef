/**
 * `intelmqdump [botid] [-t N]`: upstream's interactive tool on a terminal;
 * the flags do the same without questions (scripts, tests, no TTY).
 */
import { Command, CommanderError } from 'commander';
import { existsSync } from 'node:fs';
import { botIdProblem } from '../config/bot-id.ts';
import { ConfigFileError, formatDiagnostic } from '../config/diagnostics.ts';
import { DumpLockedError, readDump } from '../log/dump-file.ts';
import { pyJsonDumps } from '../config/py-json.ts';
import { deleteEntries, editEntry, recoverEntries, type Reporter } from './actions.ts';
import { entryLines, resolveIds, showEntry, sortedKeys } from './entries.ts';
import { interactive } from './interactive.ts';
import { dumpFileOf, findDumpFiles, loadSetup, type DumpSetup } from './setup.ts';

interface DumpFlags {
  readonly truncate: string;
  readonly list?: boolean;
  readonly show?: string;
  readonly recover?: string;
  readonly queue?: string;
  readonly delete?: string;
  readonly edit?: string;
  readonly json?: boolean;
}

const plainReporter: Reporter = {
  info: (m) => process.stdout.write(`${m}\n`),
  success: (m) => process.stdout.write(`${m}\n`),
  error: (m) => process.stderr.write(`${m}\n`),
};

function listFiles(setup: DumpSetup, json: boolean): number {
  const files = findDumpFiles(setup);
  if (json) {
    process.stdout.write(`${pyJsonDumps(files.map((f) => ({ file: f.path, bot_id: f.name, count: f.count, info: f.info })))}\n`);
    return 0;
  }
  if (files.length === 0) {
    process.stdout.write('Nothing to recover from, no dump files found!\n');
    return 0;
  }
  const width = Math.max(...files.map((f) => f.name.length));
  process.stdout.write(`${'id'.padStart(3)}: ${'name (bot id)'.padEnd(width)} content\n`);
  files.forEach((f, i) => process.stdout.write(`${String(i).padStart(3)}: ${f.name.padEnd(width)} ${f.info}\n`));
  return 0;
}

function listEntries(file: string, json: boolean): number {
  const content = readDump(file);
  if (json) {
    const keys = sortedKeys(content);
    process.stdout.write(`${pyJsonDumps(keys.map((key, id) => ({ id, timestamp: key, ...content[key] })))}\n`);
  } else {
    for (const line of entryLines(content)) process.stdout.write(`${line}\n`);
  }
  return 0;
}

async function act(setup: DumpSetup, botId: string, file: string, flags: DumpFlags): Promise<number> {
  const truncateAt = Number(flags.truncate);
  if (flags.show !== undefined) {
    const content = readDump(file);
    const order = sortedKeys(content);
    for (const key of resolveIds(content, flags.show)) process.stdout.write(`${showEntry(order.indexOf(key), key, content[key]!, truncateAt)}\n`);
    return 0;
  }
  if (flags.recover !== undefined) {
    if (!setup.config.bots.has(botId)) throw new Error(`Attention: This bot is not defined! Cannot recover dumps of '${botId}'.`);
    const result = await recoverEntries(setup, file, flags.recover, flags.queue, plainReporter);
    return result.failed === 0 ? 0 : 1;
  }
  if (flags.delete !== undefined) {
    const remaining = await deleteEntries(file, flags.delete, plainReporter);
    if (flags.delete !== 'all') process.stdout.write(remaining === 0 ? `Deleting empty file ${file}\n` : `Deleted; ${remaining} dumps left.\n`);
    return 0;
  }
  if (flags.edit !== undefined) return (await editEntry(file, readDump(file), flags.edit, process.env, plainReporter)) ? 0 : 1;
  return listEntries(file, Boolean(flags.json));
}

async function main(botId: string | undefined, flags: DumpFlags): Promise<number> {
  if (!/^-?[0-9]+$/.test(flags.truncate)) throw new Error(`argument -t/--truncate: invalid int value: '${flags.truncate}'`);
  if (botId !== undefined && botIdProblem(botId)) throw new Error(`Invalid bot id ${JSON.stringify(botId)}: ${botIdProblem(botId)}.`);
  const setup = loadSetup();
  const acting = flags.show ?? flags.recover ?? flags.delete ?? flags.edit;
  if (botId === undefined) {
    if (acting !== undefined) throw new Error('--show, --recover, --delete and --edit need a bot id.');
    if (flags.list || flags.json || !process.stdin.isTTY) return listFiles(setup, Boolean(flags.json));
    return interactive(setup, undefined, undefined, Number(flags.truncate), process.env);
  }
  const file = dumpFileOf(setup, botId);
  if (!existsSync(file)) {
    process.stderr.write(`Given file does not exist: ${file}\n`);
    return 1;
  }
  if (acting !== undefined || flags.list || flags.json || !process.stdin.isTTY) return act(setup, botId, file, flags);
  return interactive(setup, botId, file, Number(flags.truncate), process.env);
}

export async function runDumpCli(argv: readonly string[]): Promise<number> {
  let code = 0;
  const program = new Command('intelmqdump')
    .description('Inspect, recover, edit and delete the messages bots dumped after errors. Interactive on a terminal; the options work without questions.')
    .argument('[botid]', 'bot whose dump file to process (default: choose from all dump files)')
    .option('-t, --truncate <n>', 'cut raw fields and base64 messages longer than this when showing (0 = never)', '1000')
    .option('-l, --list', 'list the dump files, or the entries of the bot, and exit')
    .option('-s, --show <ids>', 'show entries (id{,id}, timestamps or all)')
    .option('-r, --recover <ids>', 'recover entries (id{,id}, timestamps or all) into their source queue or --queue')
    .option('-q, --queue <queue>', 'with --recover: the queue to recover into')
    .option('-d, --delete <ids>', 'delete entries (id{,id}, timestamps) or the whole file (all)')
    .option('-e, --edit <id>', 'edit the message of an entry in $VISUAL/$EDITOR')
    .option('--json', 'with --list: JSON output')
    .exitOverride()
    .action(async (botId: string | undefined, flags: DumpFlags) => {
      code = await main(botId, flags);
    });
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    const message =
      err instanceof ConfigFileError ? err.diagnostics.map(formatDiagnostic).join('\n') : err instanceof DumpLockedError ? 'Dump file is currently locked. Stopping.' : (err as Error).message;
    process.stderr.write(`${message}\n`);
    return 1;
  }
  return code;
}
