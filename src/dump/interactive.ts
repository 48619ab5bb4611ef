/**
 * The interactive intelmqdump of upstream: choose a dump file, then act on
 * it with single-letter commands ((r)ecover, recover (a)ll, (d)elete,
 * (s)how, (e)dit, (q)uit), with tab completion of bot names and queues.
 */
import { createInterface, type Interface } from 'node:readline/promises';
import { readDump } from '../log/dump-file.ts';
import { deleteEntries, editEntry, recoverEntries, type Reporter } from './actions.ts';
import { entryLines, resolveIds, showEntry, sortedKeys } from './entries.ts';
import { describeDumpFile, findDumpFiles, type DumpSetup } from './setup.ts';

const BOLD = '\x1b[1m';
const INVERSE = '\x1b[7m';
const RED = '\x1b[31m';
const GREEN = '\x1b[32m';
const RESET = '\x1b[0m';

const terminalReporter: Reporter = {
  info: (m) => process.stdout.write(`${m}\n`),
  success: (m) => process.stdout.write(`${GREEN}${m}${RESET}\n`),
  error: (m) => process.stdout.write(`${RED}${m}${RESET}\n`),
};

const ACTIONS: Readonly<Record<string, string>> = {
  r: '(r)ecover by ids',
  a: 'recover (a)ll',
  d: '(d)elete file or entries by id',
  s: '(s)how by ids',
  q: '(q)uit',
  e: '(e)dit by id',
};

async function ask(rl: Interface, prompt: string): Promise<string | null> {
  try {
    return await rl.question(`${INVERSE}${prompt}${RESET} `);
  } catch {
    return null;
  }
}

/** Upstream's file table; returns the chosen file, or null to quit. */
async function chooseFile(setup: DumpSetup, rl: Interface): Promise<{ path: string; name: string } | null | number> {
  const files = findDumpFiles(setup);
  if (files.length === 0) {
    process.stdout.write(`${GREEN}Nothing to recover from, no dump files found!${RESET}\n`);
    return null;
  }
  const width = Math.max(...files.map((f) => f.name.length));
  process.stdout.write(`${BOLD}${'id'.padStart(3)}: ${'name (bot id)'.padEnd(width)} content${RESET}\n`);
  files.forEach((f, i) => process.stdout.write(`${String(i).padStart(3)}: ${f.name.padEnd(width)} ${f.usable ? f.info : `${RED}${f.info}${RESET}`}\n`));
  const answer = (await ask(rl, 'Which dump file to process (id or name)?'))?.trim();
  if (!answer || answer === 'q') return null;
  if (/^[0-9]+$/.test(answer)) {
    const f = files[Number(answer)];
    if (!f) {
      process.stdout.write(`${RED}Invalid id ${answer}.${RESET}\n`);
      return 1;
    }
    return f;
  }
  const matches = files.filter((f) => f.name === answer);
  if (matches.length > 1) {
    process.stdout.write('Given filename is not unique, please use number\n');
    return 1;
  }
  return matches[0] ?? { path: '', name: answer };
}

function completer(setup: DumpSetup): (line: string) => [string[], string] {
  const names = [...setup.config.bots.keys()];
  const queues = [...setup.pipes.keys()];
  return (line) => {
    const parts = line.split(' ');
    const word = parts.at(-1) ?? '';
    const pool = parts.length === 1 ? [...names, ...Object.keys(ACTIONS)] : ['r', 'a'].includes(parts[0]!) ? queues : [];
    return [pool.filter((c) => c.startsWith(word)), word];
  };
}

export async function interactive(setup: DumpSetup, botId: string | undefined, file: string | undefined, truncateAt: number, env: Readonly<Record<string, string | undefined>>): Promise<number> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, completer: completer(setup) });
  try {
    let path = file;
    let name = botId;
    if (path === undefined) {
      const chosen = await chooseFile(setup, rl);
      if (chosen === null) return 0;
      if (typeof chosen === 'number') return chosen;
      ({ path, name } = chosen);
      if (!path) {
        process.stdout.write(`Given file does not exist: ${name}\n`);
        return 1;
      }
    }
    let previous = '';
    for (;;) {
      const described = describeDumpFile(path);
      if (described.info === 'Dump file is locked.') {
        process.stdout.write(`${RED}Dump file is currently locked. Stopping.${RESET}\n`);
        return 1;
      }
      process.stdout.write(`Processing ${name}: ${described.usable ? described.info : `${RED}${described.info}${RESET}`}\n`);
      const defined = name !== undefined && setup.config.bots.has(name);
      let allowed = ['q'];
      if (!described.usable) {
        process.stdout.write('Restricted actions.\n');
      } else {
        if (!['s', 'r', 'e'].includes(previous)) for (const line of entryLines(readDump(path))) process.stdout.write(`${line}\n`);
        if (!defined) process.stdout.write(`${RED}Attention: This bot is not defined!${RESET}\n`);
        allowed = defined ? ['r', 'a', 'd', 's', 'q', 'e'] : ['d', 's', 'q'];
      }
      const answer = await ask(rl, `${allowed.map((a) => ACTIONS[a]).join(', ')}?`);
      if (answer === null) return 0;
      const [cmd, ...args] = answer.trim().split(/\s+/);
      if (!cmd) continue;
      if (!allowed.includes(cmd)) {
        process.stdout.write('Action not allowed.\n');
        continue;
      }
      previous = cmd;
      try {
        if (cmd === 'q') return 0;
        if (cmd === 'r') {
          if (!args[0]) throw new Error('Recover needs ids: r id{,id} [queue]');
          await recoverEntries(setup, path, args[0], args[1], terminalReporter);
        } else if (cmd === 'a') {
          await recoverEntries(setup, path, 'all', args[0], terminalReporter);
        } else if (cmd === 'd') {
          const remaining = await deleteEntries(path, args[0] ?? 'all', terminalReporter);
          if (!args[0]) return 0;
          if (remaining === 0) process.stdout.write(`Deleting empty file ${path}\n`);
        } else if (cmd === 's') {
          const content = readDump(path);
          const order = sortedKeys(content);
          for (const key of resolveIds(content, args[0] ?? '')) process.stdout.write(`${showEntry(order.indexOf(key), key, content[key]!, truncateAt)}\n`);
        } else if (cmd === 'e') {
          if (!args[0]) {
            terminalReporter.error('Edit mode needs an id');
            continue;
          }
          const content = readDump(path);
          for (const id of args[0].split(',')) await editEntry(path, content, id, env, terminalReporter);
        }
      } catch (err) {
        terminalReporter.error((err as Error).message);
      }
      if (describeDumpFile(path).info.startsWith('unable to open')) return 0;
    }
  } finally {
    rl.close();
  }
}
