/** Crontab entries of scheduled bots, changed for many bots in one crontab edit. */
import { checkScheduleTime } from '../../config/cron.ts';
import type { Env } from '../context.ts';
import { cronCommand, cronLine, editCrontab, findCronEntry, readCrontab } from './crontab.ts';

export interface ScheduleRequest {
  readonly id: string;
  readonly scheduleTime: unknown;
}

export type ScheduleOutcome =
  | { readonly id: string; readonly result: 'added' | 'unchanged' | 'rewritten'; readonly schedule: string }
  | { readonly id: string; readonly result: 'invalid'; readonly message: string };

/** Adds (or, with `rewrite`, updates) the line of each bot. Without `rewrite` an existing line is left as is. */
export async function scheduleBots(varRunPath: string, env: Env, requests: readonly ScheduleRequest[], rewrite: boolean): Promise<ScheduleOutcome[]> {
  const command = cronCommand(env);
  const outcomes: ScheduleOutcome[] = [];
  const valid: Array<{ id: string; schedule: string }> = [];
  for (const { id, scheduleTime } of requests) {
    if (scheduleTime === null || scheduleTime === undefined || scheduleTime === '') {
      outcomes.push({ id, result: 'invalid', message: `Bot ${id} has run_mode 'scheduled' but no schedule_time parameter (a crontab time such as '0 * * * *').` });
      continue;
    }
    const check = checkScheduleTime(scheduleTime);
    if (check.valid) valid.push({ id, schedule: check.expression });
    else outcomes.push({ id, result: 'invalid', message: `Bot ${id}: ${check.message}` });
  }
  if (valid.length === 0) return outcomes;
  const done = await editCrontab(varRunPath, (lines) => {
    let changed = false;
    const results: ScheduleOutcome[] = [];
    for (const { id, schedule } of valid) {
      const wanted = cronLine(id, schedule, command);
      const entry = findCronEntry(lines, id, command);
      if (!entry) {
        lines.push(wanted);
        changed = true;
        results.push({ id, result: 'added', schedule });
      } else if (rewrite && entry.line !== wanted) {
        lines[entry.index] = wanted;
        changed = true;
        results.push({ id, result: 'rewritten', schedule });
      } else {
        results.push({ id, result: 'unchanged', schedule: entry.schedule });
      }
    }
    return { changed, value: results };
  });
  return [...outcomes, ...done];
}

/** Removes the lines of these bots; returns the ids that had one. */
export async function unscheduleBots(varRunPath: string, env: Env, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const command = cronCommand(env);
  return editCrontab(varRunPath, (lines) => {
    const removed = new Set<string>();
    for (const id of ids) {
      const entry = findCronEntry(lines, id, command);
      if (!entry) continue;
      lines.splice(entry.index, 1);
      removed.add(id);
    }
    return { changed: removed.size > 0, value: removed };
  });
}

/** The schedule in the crontab of each bot, or null when it has no line. */
export async function scheduledTimes(env: Env, ids: readonly string[]): Promise<Map<string, string | null>> {
  const result = new Map<string, string | null>();
  if (ids.length === 0) return result;
  const command = cronCommand(env);
  const text = await readCrontab();
  const lines = text === '' ? [] : text.split('\n');
  for (const id of ids) result.set(id, findCronEntry(lines, id, command)?.schedule ?? null);
  return result;
}
