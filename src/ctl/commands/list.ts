/**
 * `intelmqctl list bots|queues|queues-and-status [-q|--non-zero] [-s|--count] [-c|--configured]`,
 * with upstream's text and JSON shapes.
 */
import type { Command } from 'commander';
import { Argument, Option } from 'commander';
import type { CtlContext } from '../context.ts';
import { GOOD_STATUSES, botStatuses, statusLines } from '../lifecycle/status.ts';
import { createManager } from '../managers/select.ts';
import type { Host } from '../program.ts';
import { allBotQueues, isCollector, openAdmin } from '../queues.ts';
import { selectTargets } from '../targets.ts';
import { printLines, statusMap } from './shared.ts';

interface ListFlags {
  readonly nonZero?: boolean;
  readonly quiet?: boolean;
  readonly count?: boolean;
  readonly sum?: boolean;
  readonly configured?: boolean;
}

const GROUP_OF_KIND = { collector: 'Collector', parser: 'Parser', expert: 'Expert', output: 'Output' } as const;

async function listInstalledBots(ctx: CtlContext): Promise<number> {
  const { listBotModules, loadBot } = await import('../../bots/registry.ts');
  const result: Record<string, Record<string, { module: string; description: string; parameters: Record<string, unknown> }>> = { Collector: {}, Parser: {}, Expert: {}, Output: {} };
  for (const module of listBotModules()) {
    let declaration;
    try {
      declaration = await loadBot(module);
    } catch (err) {
      ctx.out.warning(`Bot module ${module} could not be loaded: ${(err as Error).message}`);
      continue;
    }
    const parameters: Record<string, unknown> = {};
    for (const [key, schema] of Object.entries(declaration.parameters.properties)) {
      if ((schema as { default?: unknown }).default !== undefined) parameters[key] = (schema as { default?: unknown }).default;
    }
    result[GROUP_OF_KIND[declaration.kind]]![declaration.name] = { module, description: declaration.description, parameters };
  }
  if (!ctx.out.json) {
    for (const [group, bots] of Object.entries(result)) {
      ctx.out.print(`\n======== ${group} ========\n`);
      for (const [name, bot] of Object.entries(bots)) ctx.out.print(`Bot ID: ${name}\nDescription: ${bot.description}\n`);
    }
  }
  ctx.out.result(result);
  return 0;
}

function listConfiguredBots(ctx: CtlContext, flags: ListFlags): number {
  const bots = [...ctx.config().bots.values()].filter((b) => !flags.nonZero || b.enabled).sort((a, b) => (a.id < b.id ? -1 : 1));
  if (!ctx.out.json) {
    for (const bot of bots) ctx.out.print(ctx.flags.quiet ? bot.id : `Bot ID: ${bot.id}\nDescription: ${bot.description ?? ''}`);
  }
  ctx.out.result(bots.map((b) => ({ id: b.id, description: b.description })));
  return 0;
}

type QueuesJson = Record<string, { source_queue?: [string, number]; internal_queue?: number; destination_queues: Array<[string, number]> }>;

async function queueCounts(ctx: CtlContext): Promise<{ json: QueuesJson; lines: Array<[string, number]> }> {
  const bots = allBotQueues(ctx);
  const admin = await openAdmin(ctx);
  try {
    const sources = bots.map((b) => b.source ?? `${b.id}-queue`);
    const destinations = bots.flatMap((b) => Object.values(b.destinations).flat());
    const names = [...new Set([...sources, ...destinations])];
    const counts = await admin.count(names);
    const inFlight = admin.hasInternalQueues ? await admin.inFlight(sources) : {};
    const json: QueuesJson = {};
    const lines = new Map<string, number>();
    for (const bot of bots) {
      const section = ctx.config().bots.get(bot.id)!.section;
      const source = bot.source ?? `${bot.id}-queue`;
      // Key order as upstream: source_queue, internal_queue, destination_queues.
      const entry = (
        isCollector(bot.group, section)
          ? { destination_queues: [] }
          : { source_queue: [source, counts[source] ?? 0], ...(admin.hasInternalQueues ? { internal_queue: inFlight[source] ?? 0 } : {}), destination_queues: [] }
      ) as QueuesJson[string];
      lines.set(source, counts[source] ?? 0);
      if (admin.hasInternalQueues) lines.set(`${source}-internal`, inFlight[source] ?? 0);
      for (const q of [...new Set(Object.values(bot.destinations).flat())]) {
        entry.destination_queues.push([q, counts[q] ?? 0]);
        lines.set(q, counts[q] ?? 0);
      }
      json[bot.id] = entry;
    }
    const sorted = [...lines.entries()].sort(([a], [b]) => a.toLowerCase().localeCompare(b.toLowerCase()));
    return { json, lines: sorted };
  } finally {
    await admin.close();
  }
}

async function listQueues(ctx: CtlContext, flags: ListFlags, print: boolean): Promise<{ code: number; json: unknown }> {
  const { json, lines } = await queueCounts(ctx);
  const total = lines.reduce((sum, [, n]) => sum + n, 0);
  if (flags.count) {
    if (print) ctx.out.print(String(total));
    return { code: 0, json: { 'total-messages': total } };
  }
  if (print) for (const [q, n] of lines) if (!flags.nonZero || n > 0) ctx.out.print(`${q} - ${n}`);
  return { code: 0, json };
}

async function list(ctx: CtlContext, kind: string, given: ListFlags): Promise<number> {
  const flags: ListFlags = { ...given, nonZero: given.nonZero || given.quiet, count: given.count || given.sum };
  if (kind === 'bots') return flags.configured ? listConfiguredBots(ctx, flags) : listInstalledBots(ctx);
  if (kind === 'queues') {
    const { code, json } = await listQueues(ctx, flags, true);
    ctx.out.result(json);
    return code;
  }
  const queues = await listQueues(ctx, flags, true);
  const manager = await createManager(ctx);
  try {
    const reports = await botStatuses(ctx, manager, selectTargets(ctx, [], { includeRemoved: true }));
    for (const r of reports) printLines(ctx, statusLines(r));
    ctx.out.result([queues.json, statusMap(reports)]);
    return queues.code | (reports.every((r) => GOOD_STATUSES.has(r.status)) ? 0 : 1);
  } finally {
    await manager.close();
  }
}

export function register(program: Command, host: Host): void {
  program
    .command('list')
    .description('List installed bots (or configured ones with -c), queues with their sizes, or queues and bot status.')
    .addArgument(new Argument('<kind>', 'what to list').choices(['bots', 'queues', 'queues-and-status']))
    .option('-q, --non-zero', 'only non-empty queues; with bots -c: only enabled bots')
    .addOption(new Option('--quiet', 'same as --non-zero').hideHelp())
    .option('-s, --count', 'only the total number of queued messages')
    .addOption(new Option('--sum', 'same as --count').hideHelp())
    .option('-c, --configured', 'bots: the configured bots instead of the installed ones')
    .action(host.wrap(list));
}
