/**
 * Is a bot's configuration usable? The findings of loading runtime.yaml for
 * this bot, the bot's implementation, its parameter schema, its own static
 * check and, for scheduled bots, the schedule. Used by configtest, check and
 * the configtest column of status.
 */
import { checkScheduleTime } from '../../config/cron.ts';
import { formatDiagnostic, type Diagnostic } from '../../config/diagnostics.ts';
import type { RuntimeConfig } from '../../config/runtime.ts';
import type { CtlContext } from '../context.ts';

export interface BotFinding {
  readonly level: 'error' | 'warning' | 'info';
  readonly message: string;
  /** The parameter or key concerned, when there is one. */
  readonly key?: string;
}

const DECLARATION_LEVELS: Readonly<Record<string, BotFinding['level']>> = { debug: 'info', info: 'info', warning: 'warning', error: 'error', critical: 'error' };

export async function checkBotConfiguration(ctx: CtlContext, config: RuntimeConfig, diagnostics: readonly Diagnostic[], id: string): Promise<BotFinding[]> {
  const findings: BotFinding[] = diagnostics
    .filter((d) => d.botId === id)
    .map((d) => ({ level: d.level, message: formatDiagnostic(d), ...(d.key ? { key: d.key } : {}) }));
  const bot = config.bots.get(id);
  if (!bot) return findings;
  const params = ctx.botParameters(id);
  if (bot.runMode === 'scheduled') {
    const schedule = params.schedule_time;
    if (schedule === null || schedule === undefined || schedule === '') {
      findings.push({ level: 'error', key: 'schedule_time', message: `Bot '${id}' has run_mode 'scheduled' but no parameter schedule_time (a crontab time such as '0 * * * *').` });
    } else if (!findings.some((f) => f.key === 'schedule_time')) {
      const check = checkScheduleTime(schedule);
      if (!check.valid) findings.push({ level: 'error', key: 'schedule_time', message: `Bot '${id}': ${check.message}` });
    }
  }
  if (!bot.module) return findings;
  const { findBot } = await import('../../bots/registry.ts');
  const loader = findBot(bot.module);
  if (!loader) {
    findings.push({ level: 'error', key: 'module', message: `Incomplete installation: Bot '${id}' not importable: module '${bot.module}' is not implemented.` });
    return findings;
  }
  let declaration;
  try {
    declaration = await loader();
  } catch (err) {
    findings.push({ level: 'error', key: 'module', message: `Incomplete installation: Bot '${id}' not importable: ${(err as Error).message}.` });
    return findings;
  }
  const { checkParameters } = await import('../../bot/params.ts');
  const { params: coerced, problems } = checkParameters(declaration.parameters, { ...params });
  for (const p of problems) findings.push({ level: 'error', key: p.key, message: `Bot '${id}': parameter '${p.key}' ${p.message}.` });
  if (problems.length === 0 && declaration.check) {
    try {
      for (const d of declaration.check(coerced as never)) findings.push({ level: DECLARATION_LEVELS[d.level] ?? 'warning', message: `Bot '${id}': ${d.message}` });
    } catch (err) {
      findings.push({ level: 'error', message: `Bot '${id}': its check failed: ${(err as Error).message}` });
    }
  }
  return findings;
}
