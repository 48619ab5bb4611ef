/**
 * `intelmqctl configtest [bot-id...]` (seed proposal P7): are the
 * configuration files usable ("json is bad"), and is each bot's
 * configuration valid ("bot config is bad because ...")? Every finding names
 * the file, line and column, or the bot and the parameter.
 */
import type { Command } from 'commander';
import { formatDiagnostic, type Diagnostic } from '../../config/diagnostics.ts';
import { loadHarmonizationFile } from '../../config/harmonization-file.ts';
import { ConfigFileError } from '../../config/diagnostics.ts';
import { loadRuntimeConfig } from '../../config/runtime.ts';
import { checkBotConfiguration, type BotFinding } from '../check/bot-checks.ts';
import type { CtlContext } from '../context.ts';
import type { Host } from '../program.ts';
import { validateBotId } from '../targets.ts';
import { UsageError } from '../errors.ts';

interface FileFinding {
  readonly level: string;
  readonly file: string;
  readonly line: number | null;
  readonly column: number | null;
  readonly message: string;
}

function fileFinding(d: Diagnostic): FileFinding {
  return { level: d.level, file: d.file, line: d.line ?? null, column: d.column ?? null, message: formatDiagnostic(d) };
}

async function configtest(ctx: CtlContext, ids: string[]): Promise<number> {
  for (const id of ids) validateBotId(id);
  const files: FileFinding[] = [];
  const { config, diagnostics } = loadRuntimeConfig(ctx.paths.runtimeFile);
  // Findings of sections that are no usable bot (invalid ids) belong to the file.
  files.push(...diagnostics.filter((d) => d.botId === undefined || !config?.bots.has(d.botId)).map(fileFinding));
  try {
    loadHarmonizationFile(ctx.paths);
  } catch (err) {
    if (!(err instanceof ConfigFileError)) throw err;
    files.push(...err.diagnostics.map(fileFinding));
  }
  for (const f of files) (f.level === 'error' ? ctx.out.error.bind(ctx.out) : ctx.out.warning.bind(ctx.out))(f.message);
  const bots: Record<string, { status: 'valid' | 'invalid'; findings: BotFinding[] }> = {};
  if (config) {
    for (const id of ids) {
      if (!config.bots.has(id)) throw new UsageError(`argument bot_id: invalid choice: '${id}' (choose from ${[...config.bots.keys()].sort().map((c) => `'${c}'`).join(', ')})`);
    }
    const selected = ids.length ? ids : [...config.bots.keys()].sort();
    for (const id of selected) {
      const findings = await checkBotConfiguration(ctx, config, diagnostics, id);
      const valid = !findings.some((f) => f.level === 'error');
      bots[id] = { status: valid ? 'valid' : 'invalid', findings };
      if (valid) {
        ctx.out.info(`Bot '${id}': configuration is valid.`);
        for (const f of findings) (f.level === 'warning' ? ctx.out.warning.bind(ctx.out) : ctx.out.info.bind(ctx.out))(f.message);
      } else {
        ctx.out.error(`Bot '${id}' configuration is bad because:\n${findings.filter((f) => f.level !== 'info').map((f) => `  ${f.message}`).join('\n')}`);
      }
    }
  }
  const filesBad = !config || files.some((f) => f.level === 'error');
  if (filesBad) ctx.out.error(`Configuration files are bad; see the messages above.`);
  const ok = !filesBad && Object.values(bots).every((b) => b.status === 'valid');
  if (ok) ctx.out.info('Configuration is valid.');
  ctx.out.result({ status: ok ? 'success' : 'error', files, bots });
  return ok ? 0 : 1;
}

export function register(program: Command, host: Host): void {
  program
    .command('configtest')
    .description('Check that the configuration files parse and that the configuration of each bot (or the given bots) is valid.')
    .argument('[bot-id...]', 'bot ids (default: all bots)')
    .action(host.wrap(configtest));
}
