/** `intelmqdump`: see cli.ts. */
import { runDumpCli } from './cli.ts';

process.exitCode = await runDumpCli(process.argv.slice(2));
// Broker clients may keep sockets open for a moment; the work is done, so is the process.
setImmediate(() => process.exit(process.exitCode));
