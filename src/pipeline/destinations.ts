import { InvalidArgument } from '../message/errors.ts';
import type { DestinationMap } from './broker.ts';
import { PipelineError } from './errors.ts';

export const DEFAULT_PATH = '_default';

/**
 * Upstream's `set_queues(…, "destination")`: a string is a whitespace
 * separated list for `_default`, an array is `_default`, an object maps paths
 * to a queue or a list of queues. `_default` is not enforced here.
 */
export function normaliseDestinations(queues: unknown): DestinationMap {
  if (queues === null || queues === undefined) return {};
  if (typeof queues === 'string') return { [DEFAULT_PATH]: splitQueues(queues) };
  if (Array.isArray(queues)) return { [DEFAULT_PATH]: queues.map((q) => queueName(q, DEFAULT_PATH)) };
  if (typeof queues === 'object') {
    const out: Record<string, string[]> = {};
    for (const [path, value] of Object.entries(queues)) {
      if (typeof value === 'string') out[path] = splitQueues(value);
      else if (Array.isArray(value)) out[path] = value.map((q) => queueName(q, path));
      else throw new InvalidArgument('destination_queues', queues, 'a string, list or object of strings or lists');
    }
    return out;
  }
  throw new InvalidArgument('destination_queues', queues, 'a string, list or object of strings or lists');
}

function splitQueues(value: string): string[] {
  return value.split(/\s+/).filter((q) => q.length > 0);
}

function queueName(value: unknown, path: string): string {
  if (typeof value !== 'string') throw new InvalidArgument(`destination_queues.${path}`, value, 'queue names (strings)');
  return value;
}

/**
 * Maps a path to the queues a message goes to. With load balancing one
 * counter is shared by all paths, like upstream (a quirk operators may rely
 * on when one bot feeds several paths).
 */
export class Router {
  private next = 0;

  constructor(private readonly destinations: DestinationMap, private readonly loadBalance: boolean) {}

  /** Queues for one message on `path`; [] when the path is unknown and permissive. */
  route(path: string, pathPermissive: boolean): readonly string[] {
    const queues = Object.hasOwn(this.destinations, path) ? this.destinations[path] : undefined;
    if (queues === undefined) {
      if (pathPermissive) return [];
      throw new PipelineError(`destination path ${JSON.stringify(path)} is not configured (known: ${Object.keys(this.destinations).join(', ') || 'none'})`);
    }
    if (!this.loadBalance || queues.length <= 1) return queues;
    const queue = queues[this.next % queues.length] as string;
    this.next = (this.next + 1) % queues.length;
    return [queue];
  }
}
