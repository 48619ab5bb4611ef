import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Type } from '@sinclair/typebox';
import { defineCollector } from '../../../bot/declaration.ts';
import { ConfigurationError } from '../../../message/index.ts';
import { TimeFormattingSchema, formatWithTime } from '../_shared/time-format.ts';
import { shlexSplit } from './shlex.ts';

const nullableString = (description: string) => Type.Union([Type.String(), Type.Null()], { default: null, description });

export const bot = defineCollector({
  module: 'intelmq.bots.collectors.rsync.collector_rsync',
  name: 'Rsync',
  description: 'Copies `rsync_path`/`file` with the rsync binary into temp_directory and sends the file as a report.',
  multithreadable: false,
  parameters: Type.Object({
    rsync_path: Type.String({ description: 'Directory of the file: local (/home/user/) or remote (user@host:/dir/ or rsync://host/module/).' }),
    file: Type.String({ description: 'Name of the file in rsync_path.' }),
    rsync_file_path_formatting: TimeFormattingSchema('Fill {time[<strftime>]} placeholders in file and rsync_path: true = now, a timedelta mapping such as {"days": -1} = now shifted by it.'),
    extra_params: Type.Union([Type.String(), Type.Array(Type.String()), Type.Null()], { default: null, description: 'Extra rsync arguments: a shell-quoted string or a list.' }),
    private_key: nullableString('SSH private key (OpenSSH format, with or without the BEGIN/END lines) used for remote paths; written to a file only the bot can read.'),
    private_key_path: nullableString('Path of the SSH private key used for remote paths; set this or private_key.'),
    strict_host_key_checking: Type.Boolean({ default: false, description: 'ssh StrictHostKeyChecking when a private key is used.' }),
    temp_directory: nullableString('Where rsync puts the file; default <var/lib/bots>/rsync_collector.'),
    rate_limit: Type.Number({ minimum: 0, default: 1000, description: 'Seconds between two runs.' }),
  }),
  create(ctx) {
    const p = ctx.params;
    if (p.private_key && p.private_key_path) throw new ConfigurationError('runtime.yaml', `bot '${ctx.botId}': set only one of private_key and private_key_path.`);
    const tempDirectory = p.temp_directory ?? join(ctx.paths.varStatePath, 'rsync_collector');
    mkdirSync(tempDirectory, { recursive: true });
    const args = typeof p.extra_params === 'string' ? shlexSplit(p.extra_params) : [...(p.extra_params ?? [])];
    let keyPath = p.private_key_path;
    if (p.private_key) {
      const dir = join(ctx.paths.varStatePath, `privkey_dir_${ctx.botId}`);
      mkdirSync(dir, { recursive: true });
      keyPath = join(dir, 'private_key');
      writeFileSync(keyPath, openSshKey(p.private_key), { mode: 0o600 });
      chmodSync(keyPath, 0o600);
    }
    if (keyPath) args.push('-e', `ssh -i ${keyPath} -o StrictHostKeyChecking=${p.strict_host_key_checking ? 'yes' : 'no'}`);
    return {
      async collect(emit) {
        let file = p.file;
        let dir = p.rsync_path;
        if (p.rsync_file_path_formatting) {
          try {
            file = formatWithTime(file, p.rsync_file_path_formatting);
            dir = formatWithTime(dir, p.rsync_file_path_formatting);
          } catch (e) {
            throw new Error(`Wrongly formatted file '${p.file}' or rsync_path '${p.rsync_path}': ${(e as Error).message}`);
          }
        }
        ctx.logger.info(`Updating file ${file}.`);
        const command = ['rsync', ...args, joinRemote(dir, file), tempDirectory];
        ctx.logger.debug(`Executing command: ${JSON.stringify(command)}.`);
        const { code, stderr } = await run(command);
        if (code !== 0) throw new Error(`Rsync on file '${file}' failed with exitcode ${code} and stderr ${JSON.stringify(stderr)}.`);
        const report = ctx.newReport();
        report.add('raw', readFileSync(join(tempDirectory, basename(file))));
        emit(report);
      },
    };
  },
});

/** os.path.join for local and remote (`host:dir`) paths alike. */
function joinRemote(dir: string, file: string): string {
  if (file.startsWith('/')) return file;
  return dir === '' || dir.endsWith('/') ? `${dir}${file}` : `${dir}/${file}`;
}

/** Upstream accepts the key body alone and rewraps it into an OpenSSH PEM block. */
function openSshKey(key: string): string {
  const body = (key.includes('-----') ? key.split('-----')[2] ?? '' : key).replace(/\s+/g, '');
  const lines = ['-----BEGIN OPENSSH PRIVATE KEY-----'];
  for (let i = 0; i < body.length; i += 70) lines.push(body.slice(i, i + 70));
  lines.push('-----END OPENSSH PRIVATE KEY-----', '');
  return lines.join('\n');
}

function run(command: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command[0]!, command.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', (e) => reject(new Error(`Cannot run rsync (Debian package rsync): ${e.message}`)));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}
