/**
 * What intelmqdump does to a dump file: recover entries into a queue, delete
 * entries or the file, edit a message. Every change is a locked
 * read-modify-write (rewriteDump), so a bot appending to the same file at
 * the same time loses nothing and is never overwritten.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pyJsonDumps } from '../config/py-json.ts';
import { rewriteDump, type DumpContent, type DumpEntry } from '../log/dump-file.ts';
import { Event, Report, unserialize } from '../message/index.ts';
import type { Broker } from '../pipeline/broker.ts';
import { resolveIds, sortedKeys } from './entries.ts';
import { botParameters, type DumpSetup } from './setup.ts';

export interface Reporter {
  info(message: string): void;
  success(message: string): void;
  error(message: string): void;
}

/** intelmqdump gives a bot writing the file this long to finish before it gives up. */
const LOCK_WAIT_MS = 5000;

const lockOptions = { timeoutMs: LOCK_WAIT_MS, retryMs: 20 };

/** The message to re-inject: base64 entries are decoded, Events for a parser become Reports. */
function reinjectable(setup: DumpSetup, entry: DumpEntry, queueBot: string, report: Reporter): string {
  const text = entry.message_type === 'base64' ? Buffer.from(entry.message, 'base64').toString('utf8') : entry.message;
  if (setup.config.bots.get(queueBot)?.group !== 'Parser') return text;
  let message;
  try {
    message = unserialize(text);
  } catch {
    return text;
  }
  if (!(message instanceof Event)) return text;
  report.info('Event converted to Report automatically.');
  return Report.fromEvent(message).serialize();
}

class Senders {
  private readonly brokers = new Map<string, Broker>();

  constructor(private readonly setup: DumpSetup) {}

  async send(queue: string, botId: string, message: string): Promise<void> {
    let broker = this.brokers.get(queue);
    if (!broker) {
      const params = botParameters(this.setup, botId);
      const { createBroker } = await import('../pipeline/factory.ts');
      broker = createBroker(params, 'destination', {
        queues: { _default: [queue] },
        defaultEmbeddedPath: String(params.embedded_pipeline_path ?? join(this.setup.paths.varStatePath, '..', 'pipeline.sqlite3')),
      });
      await broker.connect();
      this.brokers.set(queue, broker);
    }
    await broker.send(message, '_default');
  }

  async close(): Promise<void> {
    for (const b of this.brokers.values()) await b.disconnect().catch(() => undefined);
  }
}

export interface RecoverResult {
  readonly recovered: number;
  readonly failed: number;
  readonly remaining: number;
}

/** `r ids [queue]` / `a [queue]`: sends each entry to `queue` or its source queue and removes it on success. */
export async function recoverEntries(setup: DumpSetup, file: string, ids: string, queue: string | undefined, report: Reporter): Promise<RecoverResult> {
  const senders = new Senders(setup);
  let recovered = 0;
  let failed = 0;
  try {
    const after = await rewriteDump(
      file,
      async (content) => {
        const order = sortedKeys(content);
        for (const key of resolveIds(content, ids)) {
          const entry = content[key]!;
          const index = order.indexOf(key);
          if (!entry.message) {
            report.info('No message here, deleting entry.');
            delete content[key];
            continue;
          }
          const target = queue ?? entry.source_queue ?? '';
          const queueBot = setup.pipes.get(target);
          if (queueBot === undefined) {
            report.error(`The given queue '${target}' is not configured. Please retry with a valid queue.`);
            failed++;
            break;
          }
          try {
            await senders.send(target, queueBot, reinjectable(setup, entry, queueBot, report));
          } catch (err) {
            report.error(`Could not reinject into queue ${target}: ${(err as Error).stack ?? String(err)}`);
            failed++;
            continue;
          }
          delete content[key];
          recovered++;
          report.success(`Recovered dump ${index}.`);
        }
      },
      lockOptions,
    );
    if (Object.keys(after).length === 0) report.info(`Deleting empty file ${file}`);
    return { recovered, failed, remaining: Object.keys(after).length };
  } finally {
    await senders.close();
  }
}

/** `d ids`: removes entries; `d` (ids = 'all'): the whole file. */
export async function deleteEntries(file: string, ids: string, report: Reporter): Promise<number> {
  if (ids === 'all') report.info(`Deleting file ${file}`);
  const after = await rewriteDump(
    file,
    (content) => {
      for (const key of resolveIds(content, ids)) delete content[key];
    },
    lockOptions,
  );
  return Object.keys(after).length;
}

function editorCommand(env: Readonly<Record<string, string | undefined>>): string[] {
  const editor = env.VISUAL || env.EDITOR || 'vi';
  // $EDITOR may carry arguments ("code --wait"); they are split, never given to a shell.
  return editor.trim().split(/\s+/);
}

/**
 * `e id`: the message goes to a temporary file, the editor runs on it, and the
 * edited text replaces the message. The editor runs before the file is
 * locked (a bot must not wait for a person); the entry is then replaced only
 * if it is still there.
 */
export async function editEntry(file: string, current: DumpContent, id: string, env: Readonly<Record<string, string | undefined>>, report: Reporter): Promise<boolean> {
  const [key] = resolveIds(current, id);
  const entry = current[key!]!;
  const base64 = entry.message_type === 'base64';
  let original: string;
  if (base64) {
    const bytes = Buffer.from(entry.message, 'base64');
    original = bytes.toString('utf8');
    if (!Buffer.from(original, 'utf8').equals(bytes)) {
      report.error('The message is not valid UTF-8 and cannot be edited as text.');
      return false;
    }
  } else {
    try {
      original = `${pyJsonDumps(JSON.parse(entry.message))}\n`;
    } catch {
      original = entry.message;
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'intelmqdump-'));
  const temp = join(dir, base64 ? 'message.txt' : 'message.json');
  try {
    writeFileSync(temp, original, { mode: 0o600 });
    const [command, ...args] = editorCommand(env);
    const result = spawnSync(command!, [...args, temp], { stdio: 'inherit' });
    if (result.error || result.status !== 0) {
      report.error(`Calling editor failed with exitcode ${result.status ?? result.error?.message}.`);
      return false;
    }
    const edited = readFileSync(temp, 'utf8');
    let replaced = false;
    await rewriteDump(
      file,
      (content) => {
        const now = content[key!];
        if (!now || now.message !== entry.message) return;
        const { message_type: _dropped, ...rest } = now;
        content[key!] = base64 ? { ...rest, message: edited } : { ...now, message: edited };
        replaced = true;
      },
      lockOptions,
    );
    if (!replaced) report.error('The entry changed or disappeared while it was edited; nothing was saved.');
    return replaced;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
