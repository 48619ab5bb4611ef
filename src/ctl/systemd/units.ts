/**
 * systemd unit files (seed proposal P1), in the documented equivalent of the
 * proposal's per-module templates: one template for all continuous bots and
 * one for all scheduled bots, since the bot process reads its module from
 * runtime.yaml anyway:
 *
 *   intelmq.continuous@<bot-id>.service   continuous bot (start/stop/reload/enable)
 *   intelmq.scheduled@<bot-id>.service    one run of a scheduled bot (started from cron)
 *   intelmq.scheduled_bots_onboot.service oneshot at boot, before cron: writes the
 *                                         crontab lines of scheduled bots with onboot: true
 */
import { CTL_SCRIPT, botCommand, layoutEnvironment, nodeExecutable } from '../launcher.ts';
import { assertBotId } from '../run-files.ts';
import type { Env } from '../context.ts';

export const CONTINUOUS_TEMPLATE = 'intelmq.continuous@.service';
export const SCHEDULED_TEMPLATE = 'intelmq.scheduled@.service';
export const ONBOOT_UNIT = 'intelmq.scheduled_bots_onboot.service';

export function continuousUnit(id: string): string {
  assertBotId(id);
  return `intelmq.continuous@${id}.service`;
}

export function scheduledUnit(id: string): string {
  assertBotId(id);
  return `intelmq.scheduled@${id}.service`;
}

/** systemd's quoting for ExecStart words and Environment assignments; `%` and `$` are specifiers there. */
function unitWord(word: string): string {
  if (/[\n\r\0]/.test(word)) throw new Error(`Cannot write ${JSON.stringify(word)} into a unit file.`);
  const escaped = word.replace(/%/g, '%%').replace(/\$/g, '$$$$');
  return /[\s"'\\]/.test(escaped) ? `"${escaped.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"` : escaped;
}

function environmentLines(env: Env, extra: ReadonlyArray<[string, string]> = []): string {
  return [...layoutEnvironment(env), ...extra].map(([name, value]) => `Environment=${unitWord(`${name}=${value}`)}`).join('\n');
}

export interface UnitOptions {
  readonly env: Env;
  /** User= of the bot services; null keeps systemd's default (root). */
  readonly user: string | null;
  readonly stopTimeoutSeconds: number;
}

function userLine(user: string | null): string {
  if (user === null) return '';
  if (!/^[a-z_][a-z0-9_-]*\$?$/i.test(user)) throw new Error(`Invalid user name ${JSON.stringify(user)}.`);
  return `User=${user}\n`;
}

const HEADER = '# Written by `intelmqctl install-units`; reinstall instead of editing.\n';

export function continuousTemplate(options: UnitOptions): string {
  return `${HEADER}[Unit]
Description=IntelMQ bot %i (continuous)
After=network-online.target redis-server.service rabbitmq-server.service

[Service]
Type=simple
${environmentLines(options.env)}
${userLine(options.user)}ExecStart=${botCommand().map(unitWord).join(' ')} %i
ExecReload=/bin/kill -HUP $MAINPID
KillSignal=SIGTERM
TimeoutStopSec=${Math.max(1, Math.ceil(options.stopTimeoutSeconds))}
Restart=on-failure
RestartSec=5

[Install]
WantedBy=multi-user.target
`;
}

export function scheduledTemplate(options: UnitOptions): string {
  return `${HEADER}[Unit]
Description=IntelMQ bot %i (one scheduled run)
After=network-online.target redis-server.service rabbitmq-server.service

[Service]
Type=oneshot
${environmentLines(options.env, [['INTELMQ_RUN_MODE', 'scheduled']])}
${userLine(options.user)}ExecStart=${botCommand().map(unitWord).join(' ')} %i
KillSignal=SIGTERM
TimeoutStopSec=${Math.max(1, Math.ceil(options.stopTimeoutSeconds))}
`;
}

export function onbootUnit(options: UnitOptions): string {
  return `${HEADER}[Unit]
Description=IntelMQ: schedule the scheduled bots with onboot enabled
Before=cron.service crond.service

[Service]
Type=oneshot
RemainAfterExit=yes
${environmentLines(options.env)}
${userLine(options.user)}ExecStart=${unitWord(nodeExecutable())} ${unitWord(CTL_SCRIPT)} schedule-onboot

[Install]
WantedBy=multi-user.target
`;
}
