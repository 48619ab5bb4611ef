/**
 * Queue settings of a bot section (`source_queue`, `destination_queues`),
 * normalised the way the pipeline layer sees them.
 */

export type DestinationQueues = Readonly<Record<string, readonly string[]>>;

export function defaultSourceQueue(botId: string): string {
  return `${botId}-queue`;
}

function splitQueues(value: string): string[] {
  return value.split(/\s+/).filter((q) => q.length > 0);
}

/** Why `value` is not a valid destination_queues setting, or undefined if it is. */
export function destinationQueuesProblem(value: unknown): string | undefined {
  if (value === null || value === undefined || typeof value === 'string') return undefined;
  if (Array.isArray(value)) {
    return value.every((q) => typeof q === 'string') ? undefined : 'a list of destination queues must contain only strings';
  }
  if (typeof value !== 'object') return `expected a string, a list or a mapping of path to queues, got ${JSON.stringify(value)}`;
  for (const [path, queues] of Object.entries(value)) {
    if (typeof queues === 'string') continue;
    if (!Array.isArray(queues) || !queues.every((q) => typeof q === 'string')) {
      return `path '${path}' must map to a queue name or a list of queue names, got ${JSON.stringify(queues)}`;
    }
  }
  return undefined;
}

/**
 * string → `_default` (whitespace-split), list → `_default`, mapping values
 * string → split list. Assumes `destinationQueuesProblem(value)` is undefined.
 */
export function normalizeDestinationQueues(value: unknown): DestinationQueues {
  if (value === null || value === undefined) return {};
  if (typeof value === 'string') return { _default: splitQueues(value) };
  if (Array.isArray(value)) return { _default: value.map(String) };
  const result: Record<string, string[]> = {};
  for (const [path, queues] of Object.entries(value as Record<string, unknown>)) {
    result[path] = typeof queues === 'string' ? splitQueues(queues) : (queues as unknown[]).map(String);
  }
  return result;
}
