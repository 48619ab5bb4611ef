/** `intelmq-bot [--foreground] BOT-ID`: the process every bot runs as. */
import { parseArgs } from 'node:util';
import { runBot } from './bot-process.ts';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { foreground: { type: 'boolean' } } });
const botId = positionals.at(-1);
if (!botId) {
  process.stderr.write('No bot ID given.\n');
  process.exit(1);
}
process.exitCode = await runBot(botId, { foreground: values.foreground });
// Lingering sockets (statistics, caches) must not keep a stopped bot alive.
setImmediate(() => process.exit(process.exitCode));
