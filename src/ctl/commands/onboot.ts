/**
 * `enable` / `disable`: upstream toggles `enabled` in runtime.yaml; the seed
 * proposal (P2, P7) adds boot integration through `parameters.onboot`:
 *
 *   manager     run mode     enable                               disable
 *   intelmq     any          onboot: false + "not supported" note  onboot: false + note
 *   supervisor  any          as intelmq                            as intelmq
 *   systemd     continuous   systemctl enable, onboot: true        systemctl disable, onboot: false
 *   systemd     scheduled    onboot: true (the onboot unit writes   onboot: false
 *                            the crontab line at boot)
 */
import { loadConfiguration } from '../../config/load-file.ts';
import { loadRuntimeConfig, writeConfiguration } from '../../config/runtime.ts';
import { isMapping } from '../../config/validate-runtime.ts';
import { checkBotConfiguration } from '../check/bot-checks.ts';
import type { CtlContext } from '../context.ts';
import { CtlError } from '../errors.ts';
import { GOOD_STATUSES, botStatuses, statusLines } from '../lifecycle/status.ts';
import { createManager } from '../managers/select.ts';
import { MSG } from '../messages.ts';
import { resolveTarget } from '../targets.ts';
import { printLines, warnRemovedBots } from './shared.ts';

function writeFlags(ctx: CtlContext, id: string, enabled: boolean, onboot: boolean): void {
  const file = ctx.paths.runtimeFile;
  const raw = loadConfiguration(file);
  const section = isMapping(raw) ? raw[id] : undefined;
  if (!isMapping(raw) || !isMapping(section)) throw new CtlError(`Bot ${id} is not in '${file}' any more.`);
  section.enabled = enabled;
  const parameters = isMapping(section.parameters) ? section.parameters : {};
  parameters.onboot = onboot;
  section.parameters = parameters;
  try {
    writeConfiguration(file, raw);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') throw new CtlError("Can't update runtime configuration: Permission denied.");
    throw new CtlError(`Can't update runtime configuration: ${(err as Error).message}`);
  }
}

export async function setEnabled(ctx: CtlContext, id: string, enable: boolean): Promise<number> {
  const target = resolveTarget(ctx, id, false);
  const manager = await createManager(ctx);
  try {
    await warnRemovedBots(ctx, manager);
    const { diagnostics } = loadRuntimeConfig(ctx.paths.runtimeFile);
    const errors = (await checkBotConfiguration(ctx, ctx.config(), diagnostics, id)).filter((f) => f.level === 'error');
    if (errors.length) {
      throw new CtlError(`Bot ${id} is not ${enable ? 'enabled' : 'disabled'} because its configuration is bad:\n${errors.map((e) => `  ${e.message}`).join('\n')}`);
    }
    if (enable) ctx.out.info(target.enabled ? MSG.enabled(id) : MSG.enabling(id));
    else if (target.enabled) ctx.out.info(MSG.disabling(id));

    const bot = { id, params: target.params };
    let onboot = false;
    let note: string | null = null;
    if (manager.name === 'systemd') {
      onboot = enable;
      if (target.runMode === 'continuous') await manager.setOnboot(bot, enable);
    } else {
      note = await manager.setOnboot(bot, enable);
    }
    try {
      writeFlags(ctx, id, enable, onboot);
    } catch (err) {
      if (manager.name === 'systemd' && target.runMode === 'continuous') await manager.setOnboot(bot, !enable).catch(() => undefined);
      throw err;
    }
    if (note) ctx.out.warning(note);
    const [report] = await botStatuses(ctx, manager, [{ ...target, enabled: enable }]);
    printLines(ctx, statusLines(report!));
    ctx.out.result(report!.status);
    return GOOD_STATUSES.has(report!.status) ? 0 : 1;
  } finally {
    await manager.close();
  }
}
