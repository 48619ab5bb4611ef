/**
 * The queues of the configured bots (upstream `get_queues`) and access to
 * the broker that holds them, built from the global section alone.
 */
import { normalizeDestinationQueues } from '../config/queues.ts';
import type { BrokerAdmin } from '../pipeline/broker.ts';
import type { CtlContext } from './context.ts';

export interface BotQueues {
  readonly id: string;
  readonly group: string | null;
  /** null for collectors. */
  readonly source: string | null;
  /** Per path, as configured. */
  readonly destinations: Readonly<Record<string, readonly string[]>>;
}

export function isCollector(group: string | null, section: Readonly<Record<string, unknown>>): boolean {
  return group === 'Collector' || section.groupname === 'collectors';
}

export function queuesOfBot(ctx: CtlContext, id: string): BotQueues {
  const bot = ctx.config().bots.get(id);
  const params = ctx.botParameters(id);
  const group = bot?.group ?? null;
  const collector = isCollector(group, bot?.section ?? {});
  const source = collector ? null : typeof params.source_queue === 'string' && params.source_queue ? params.source_queue : `${id}-queue`;
  let destinations: Readonly<Record<string, readonly string[]>> = {};
  try {
    destinations = normalizeDestinationQueues(params.destination_queues);
  } catch {
    destinations = {};
  }
  return { id, group, source, destinations };
}

export function allBotQueues(ctx: CtlContext): BotQueues[] {
  return [...ctx.config().bots.keys()].sort().map((id) => queuesOfBot(ctx, id));
}

/** The broker administration of the installation (embedded, Redis or AMQP per the global section). */
export async function openAdmin(ctx: CtlContext): Promise<BrokerAdmin> {
  const { createAdmin } = await import('../pipeline/factory.ts');
  const globals = ctx.globals();
  return createAdmin(globals, { defaultEmbeddedPath: String(globals.embedded_pipeline_path) });
}
