/**
 * `npm run conformance -- DIR [--filter REGEX] [--verbose]`: runs the vectors,
 * prints a diff for each failure and ends with `N passed, M failed, K skipped`.
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { runConformance } from './run.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { filter: { type: 'string' }, verbose: { type: 'boolean', short: 'v' } },
});
const dir = resolve(positionals[0] ?? '../shared/conformance/public');
const summary = await runConformance(dir, {
  filter: values.filter ? new RegExp(values.filter) : undefined,
  onResult(id, status, detail) {
    if (status === 'failed') console.log(`FAIL ${id}\n${detail!.map((d) => `    ${d}`).join('\n')}`);
    else if (values.verbose) console.log(`${status === 'passed' ? 'ok  ' : 'SKIP'} ${id}${detail ? ` (${detail.join('; ')})` : ''}`);
  },
});
const skippedModules = new Map<string, number>();
for (const s of summary.skips) skippedModules.set(s.reason, (skippedModules.get(s.reason) ?? 0) + 1);
for (const [reason, n] of [...skippedModules].sort()) console.log(`skipped ${n}: ${reason}`);
console.log(`${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped`);
process.exitCode = summary.failed ? 1 : 0;
// Cache connections of bots may linger; the summary is final.
setImmediate(() => process.exit(process.exitCode));
