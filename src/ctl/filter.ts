/**
 * `--filter "key:value, key:value"` (seed proposal P6): bots whose
 * configuration matches every condition. Keys are the system keys (id,
 * group, module, name, description, enabled, run_mode) or any parameter.
 */
import { UsageError } from './errors.ts';

export interface FilterCondition {
  readonly key: string;
  readonly value: string;
}

/** What a condition is matched against. */
export interface Filterable {
  readonly id: string;
  readonly group: string | null;
  readonly module: string | null;
  readonly name: string | null;
  readonly description: string | null;
  readonly enabled: boolean;
  readonly runMode: string;
  readonly params: Readonly<Record<string, unknown>>;
}

export function parseFilter(text: string): FilterCondition[] {
  const conditions: FilterCondition[] = [];
  for (const part of text.split(',')) {
    const item = part.trim();
    if (item === '') continue;
    const colon = item.indexOf(':');
    const key = colon < 0 ? '' : item.slice(0, colon).trim();
    if (colon < 0 || key === '') throw new UsageError(`Invalid filter condition '${item}': expected key:value, e.g. "run_mode:scheduled, group:Collectors".`);
    conditions.push({ key, value: item.slice(colon + 1).trim() });
  }
  if (conditions.length === 0) throw new UsageError('Empty --filter: expected key:value conditions, e.g. "run_mode:scheduled, group:Collectors".');
  return conditions;
}

const TRUE_WORDS = new Set(['true', 'yes', '1', 'on']);
const FALSE_WORDS = new Set(['false', 'no', '0', 'off']);

function valueMatches(actual: unknown, wanted: string): boolean {
  if (typeof actual === 'boolean') {
    const w = wanted.toLowerCase();
    return actual ? TRUE_WORDS.has(w) : FALSE_WORDS.has(w);
  }
  if (actual === null || actual === undefined) return ['null', 'none', ''].includes(wanted.toLowerCase());
  if (typeof actual === 'number') return wanted.trim() !== '' && Number(wanted) === actual;
  if (typeof actual === 'string') return actual === wanted;
  return JSON.stringify(actual) === wanted;
}

/** Groups match case-insensitively and in the plural of the proposal's examples (Collectors, Outputs). */
function groupMatches(group: string | null, wanted: string): boolean {
  if (group === null) return false;
  const w = wanted.toLowerCase();
  const g = group.toLowerCase();
  return w === g || w === `${g}s`;
}

export function matchesFilter(bot: Filterable, conditions: readonly FilterCondition[]): boolean {
  return conditions.every(({ key, value }) => {
    switch (key) {
      case 'id':
      case 'bot_id':
        return bot.id === value;
      case 'group':
        return groupMatches(bot.group, value);
      case 'run_mode':
        return bot.runMode === value.toLowerCase();
      case 'enabled':
        return valueMatches(bot.enabled, value);
      case 'module':
      case 'name':
      case 'description':
        return valueMatches(bot[key], value);
      default:
        return valueMatches(bot.params[key], value);
    }
  });
}
