/** `intelmqctl`: see program.ts. */
import { runCli } from './program.ts';

process.exitCode = await runCli(process.argv.slice(2));
// Broker clients may keep sockets open for a moment; the action is done, so is the process.
setImmediate(() => process.exit(process.exitCode));
