// Copies the data files that live beside the sources (harmonization.conf, schemas, templates) into dist/.
import { cpSync } from 'node:fs';

cpSync('src', 'dist', {
  recursive: true,
  filter: (src) => !/\.ts$/.test(src),
});
