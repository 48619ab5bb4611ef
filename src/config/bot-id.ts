/**
 * Bot ids end up in file names (`<id>.pid`, `<id>.log`, `<id>.dump`), systemd
 * unit names, crontab lines and command lines, so they are restricted to
 * letters, digits and hyphens — the rule upstream bots enforce at start.
 */

export const BOT_ID_PATTERN = /^[0-9a-zA-Z-]+$/;

/** Worker instances (`instances_threads`) are named `<id>.<n>`. */
export const BOT_INSTANCE_ID_PATTERN = /^[0-9a-zA-Z-]+(\.[0-9]+)?$/;

/** Why `id` is not a usable bot id, or undefined if it is fine. */
export function botIdProblem(id: string): string | undefined {
  if (id === 'global') return "'global' is reserved for the global section";
  if (!BOT_ID_PATTERN.test(id)) return 'only letters, digits and "-" are allowed';
  // A leading hyphen would be parsed as an option by every command that gets the id as argument.
  if (id.startsWith('-')) return 'it must not start with "-"';
  return undefined;
}

export function isValidBotId(id: string): boolean {
  return botIdProblem(id) === undefined;
}

/** `<id>.<n>` → `<id>`: configuration, queues and dump files belong to the bot, not to one instance. */
export function baseBotId(instanceId: string): string {
  return instanceId.replace(/\.[0-9]+$/, '');
}
