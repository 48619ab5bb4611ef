/**
 * `intelmqctl schedule-onboot`: what `intelmq.scheduled_bots_onboot.service`
 * runs at boot, before cron starts: every enabled scheduled bot with
 * `onboot: true` gets its crontab line back (seed proposal P1, P2).
 */
import type { Command } from 'commander';
import type { CtlContext } from '../context.ts';
import { writeInternalCopy } from '../internal-config.ts';
import { MSG } from '../messages.ts';
import type { Host } from '../program.ts';
import { scheduleBots } from '../schedule/scheduler.ts';
import { selectTargets } from '../targets.ts';

async function scheduleOnboot(ctx: CtlContext): Promise<number> {
  const targets = selectTargets(ctx, []).filter((t) => t.runMode === 'scheduled' && t.enabled && t.params.onboot === true);
  const outcomes = await scheduleBots(ctx.paths.varRunPath, ctx.env, targets.map((t) => ({ id: t.id, scheduleTime: t.params.schedule_time })), true);
  const result: Record<string, string> = {};
  let failed = 0;
  for (const o of outcomes) {
    if (o.result === 'invalid') {
      failed++;
      ctx.out.error(o.message);
      result[o.id] = 'not scheduled';
      continue;
    }
    const bot = ctx.config().bots.get(o.id)!;
    writeInternalCopy(ctx.paths.varRunPath, bot, ctx.config().global, ctx.processManagerName());
    ctx.out.info(MSG.scheduled(o.id, o.schedule));
    result[o.id] = 'scheduled';
  }
  if (targets.length === 0) ctx.out.info('No scheduled bot has onboot enabled.');
  ctx.out.result(result);
  return failed === 0 ? 0 : 1;
}

export function register(program: Command, host: Host): void {
  program
    .command('schedule-onboot')
    .description('Write the crontab lines of all enabled scheduled bots with onboot: true (run at boot by intelmq.scheduled_bots_onboot.service).')
    .action(host.wrap(scheduleOnboot));
}
