import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Type } from '@sinclair/typebox';
import { defineCollector } from '../../../bot/declaration.ts';
import { splitIntoChunks } from '../../../bot/chunk.ts';
import { ConfigurationError } from '../../../message/index.ts';

export const bot = defineCollector({
  module: 'intelmq.bots.collectors.file.collector_file',
  name: 'File',
  description: 'Reads every file in a directory whose name ends with `postfix` and sends its content as a report.',
  multithreadable: false,
  parameters: Type.Object({
    path: Type.String({ default: '/tmp/', description: 'Directory to read.' }),
    postfix: Type.String({ default: '.csv', description: 'Only files whose name ends with this are read.' }),
    delete_file: Type.Boolean({ default: false, description: 'Delete each file after its reports were sent.' }),
    chunk_size: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], { default: null, description: 'Split files into reports of at most this many bytes, at line boundaries.' }),
    chunk_replicate_header: Type.Boolean({ default: true, description: 'Repeat the first line (CSV header) in every chunk.' }),
    rate_limit: Type.Number({ default: 300, description: 'Seconds between two directory scans.' }),
  }),
  create(ctx) {
    const p = ctx.params;
    if (p.delete_file && !p.postfix) {
      throw new ConfigurationError('runtime.yaml', `bot '${ctx.botId}': parameter 'postfix' must not be empty when 'delete_file' is true (it would delete every file in '${p.path}').`);
    }
    const dir = resolve(p.path);
    return {
      async collect(emit) {
        let names: string[];
        try {
          names = readdirSync(dir).filter((n) => n.endsWith(p.postfix)).sort();
        } catch (e) {
          throw new Error(`Cannot read directory '${dir}' (parameter 'path'): ${(e as Error).message}`);
        }
        const done: string[] = [];
        for (const name of names) {
          const file = join(dir, name);
          if (!statSync(file).isFile()) continue;
          ctx.logger.info(`Processing file ${file}.`);
          const data = readFileSync(file);
          const template = ctx.newReport();
          template.add('feed.url', `file://localhost${file}`);
          template.add('extra.file_name', name);
          for (const chunk of splitIntoChunks(data, p.chunk_size, p.chunk_replicate_header)) {
            const report = template.copy();
            report.add('raw', chunk);
            emit(report);
          }
          done.push(file);
        }
        if (!p.delete_file || !done.length) return;
        return () => {
          for (const file of done) {
            rmSync(file, { force: true });
            ctx.logger.debug(`Deleted file ${file}.`);
          }
        };
      },
    };
  },
});
