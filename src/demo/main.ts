/** `npm run demo [-- --stop] [--timeout SECONDS]` */
import { parseArgs } from 'node:util';
import { runDemo } from './run-demo.ts';

const { values } = parseArgs({ options: { stop: { type: 'boolean' }, timeout: { type: 'string' } } });
process.exitCode = await runDemo({ stopAfter: values.stop ?? false, timeoutSeconds: Number(values.timeout ?? 180) });
