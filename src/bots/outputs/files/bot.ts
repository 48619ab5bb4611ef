import { closeSync, constants, fstatSync, fsyncSync, mkdirSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { Type } from '@sinclair/typebox';
import { defineOutput } from '../../../bot/declaration.ts';
import { OutputParameters, exportEventText, exportOptions } from '../../../bot/output-params.ts';
import { ConfigurationError, type Event } from '../../../message/index.ts';

export const bot = defineOutput({
  module: 'intelmq.bots.outputs.files.output',
  name: 'Files',
  description:
    'Writes every event into a file of its own, lock-free (maildir style): the file is written in tmp under a machine-wide unique name, synced, then renamed into dir.',
  multithreadable: false,
  parameters: Type.Object({
    dir: Type.Union([Type.String(), Type.Null()], { default: null, description: 'Directory the finished files appear in; default <var/lib/bots>/files-output/incoming.' }),
    tmp: Type.Union([Type.String(), Type.Null()], { default: null, description: 'Directory files are written in first; must be on the same filesystem as dir. Default <var/lib/bots>/files-output/tmp.' }),
    suffix: Type.String({ default: '.json', description: 'File name suffix.' }),
    ...OutputParameters,
  }),
  create(ctx) {
    const p = ctx.params;
    const base = join(ctx.paths.varStatePath, 'files-output');
    const dir = p.dir ?? join(base, 'incoming');
    const tmp = p.tmp ?? join(base, 'tmp');
    for (const d of [dir, tmp]) mkdirSync(d, { recursive: true });
    if (statSync(tmp).dev !== statSync(dir).dev) throw new ConfigurationError('bot setup', 'tmp and dir must reside on the same filesystem');
    const opts = exportOptions(p);
    const host = hostname();

    /** Upstream's name: host.pid.time.device.inode+suffix, unique across both directories. */
    const uniqueName = (dev = 0, ino = 0) => `${host}.${process.pid}.${(Date.now() / 1000).toFixed(6)}.${dev}.${ino}${p.suffix}`;

    const writeOne = (event: Event): string => {
      let fd = -1;
      let name = '';
      while (fd < 0) {
        name = uniqueName();
        try {
          fd = openSync(join(tmp, name), constants.O_CREAT | constants.O_EXCL | constants.O_RDWR);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        }
      }
      try {
        const st = fstatSync(fd);
        const final = uniqueName(st.dev, st.ino);
        renameSync(join(tmp, name), join(tmp, final));
        writeSync(fd, exportEventText(event, opts));
        fsyncSync(fd);
        return final;
      } finally {
        closeSync(fd);
      }
    };

    const write = (events: Event[]) => {
      const names = events.map(writeOne);
      for (const name of names) renameSync(join(tmp, name), join(dir, name));
      // The renames must be on disk before the events are acknowledged.
      const dfd = openSync(dir, 'r');
      try {
        fsyncSync(dfd);
      } finally {
        closeSync(dfd);
      }
    };

    return {
      process: (event) => write([event]),
      processBatch: async (events) => write(events),
    };
  },
});
