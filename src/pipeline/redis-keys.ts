import type { Redis } from 'ioredis';

/** Upstream's `<queue>-internal` for worker 0, `<queue>-internal.<n>` for worker n (see RedisBroker). */
export function internalQueueOf(queue: string, worker: number): string {
  return worker === 0 ? `${queue}-internal` : `${queue}-internal.${worker}`;
}

/** The source queue an in-flight list belongs to, or null for other keys. */
export function sourceOfInternal(key: string): { queue: string; worker: number } | null {
  const match = /^(.*)-internal(?:\.(\d+))?$/s.exec(key);
  if (match === null) return null;
  return { queue: match[1] as string, worker: match[2] === undefined ? 0 : Number(match[2]) };
}

/** In-flight lists of `queue` whose worker index is >= `workers`. */
export async function retiredWorkerLists(client: Redis, queue: string, workers: number): Promise<string[]> {
  const keys = await scanKeys(client, `${escapeGlob(queue)}-internal.*`);
  return keys.filter((key) => {
    const owner = sourceOfInternal(key);
    return owner !== null && owner.queue === queue && owner.worker >= workers;
  });
}

/** All keys matching a glob, via SCAN so a large database is never blocked the way KEYS would block it. */
export async function scanKeys(client: Redis, pattern: string): Promise<string[]> {
  const keys = new Set<string>();
  let cursor = '0';
  do {
    const [next, batch] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    for (const key of batch) keys.add(key);
    cursor = next;
  } while (cursor !== '0');
  return [...keys];
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}
