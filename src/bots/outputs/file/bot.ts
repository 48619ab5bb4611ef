import { closeSync, fdatasyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Type } from '@sinclair/typebox';
import { defineOutput } from '../../../bot/declaration.ts';
import { OutputParameters, exportEventText, exportOptions } from '../../../bot/output-params.ts';
import type { Event } from '../../../message/index.ts';
import { formatFilename, hasPlaceholders } from './format-filename.ts';

export const bot = defineOutput({
  module: 'intelmq.bots.outputs.file.output',
  name: 'File',
  description: 'Appends one JSON line per event to a file (keys sorted, UTF-8), optionally one file per value of a field.',
  multithreadable: false,
  parameters: Type.Object({
    file: Type.Union([Type.String(), Type.Null()], { default: null, description: 'Path of the output file; default `<var/lib/bots>/file-output/events.txt`. May contain format_filename placeholders.' }),
    format_filename: Type.Boolean({ default: false, description: 'Fill `{event[field]}` placeholders in `file` from each event (time fields take a strftime spec).' }),
    encoding_errors_mode: Type.String({ default: 'strict', description: 'Accepted for compatibility; output is always valid UTF-8.' }),
    ...OutputParameters,
  }),
  create(ctx) {
    const p = ctx.params;
    const template = p.file ?? join(ctx.paths.varStatePath, 'file-output', 'events.txt');
    const dynamic = p.format_filename && hasPlaceholders(template);
    const opts = exportOptions(p);
    const fds = new Map<string, number>();
    const fdFor = (path: string) => {
      let fd = fds.get(path);
      if (fd === undefined) {
        mkdirSync(dirname(path), { recursive: true });
        fd = openSync(path, 'a');
        fds.set(path, fd);
        ctx.logger.debug(`Opened ${path} for writing.`);
      }
      return fd;
    };
    const write = (events: Event[]) => {
      const byFile = new Map<string, string[]>();
      for (const e of events) {
        const path = dynamic ? formatFilename(template, e) : template;
        let lines = byFile.get(path);
        if (!lines) byFile.set(path, (lines = []));
        lines.push(exportEventText(e, opts));
      }
      for (const [path, lines] of byFile) {
        const fd = fdFor(path);
        writeSync(fd, `${lines.join('\n')}\n`);
        // The input is acknowledged after this returns: the lines must be on disk.
        fdatasyncSync(fd);
      }
    };
    return {
      process(event) {
        write([event]);
      },
      async processBatch(events) {
        write(events);
      },
      shutdown() {
        for (const fd of fds.values()) closeSync(fd);
        fds.clear();
      },
    };
  },
});
