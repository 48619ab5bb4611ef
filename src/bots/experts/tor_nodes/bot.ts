import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Type } from '@sinclair/typebox';
import { defineExpert } from '../../../bot/declaration.ts';
import { download, writeFileAtomic, type Fetch } from '../domain_suffix/download.ts';

export const TOR_EXIT_ADDRESSES_URL = 'https://check.torproject.org/exit-addresses';

/** One address a line; blank lines and `#` comments are skipped. */
export function loadTorNodes(path: string): Set<string> {
  const nodes = new Set<string>();
  for (const raw of readFileSync(path, 'utf8').split('\n')) {
    const line = raw.trim();
    if (line && !line.startsWith('#')) nodes.add(line);
  }
  return nodes;
}

/** Downloads the exit list, keeps the `ExitAddress <ip>` addresses and writes them to each path (upstream's `--update-database`). */
export async function updateTorNodes(paths: readonly string[], opts: { url?: string; fetch?: Fetch } = {}): Promise<void> {
  const text = (await download(opts.url ?? TOR_EXIT_ADDRESSES_URL, opts.fetch)).toString('utf8');
  const addresses = [...text.matchAll(/ExitAddress (\S+)/g)].map((m) => m[1]!);
  for (const path of new Set(paths)) await writeFileAtomic(path, addresses.join('\n'));
}

export const bot = defineExpert({
  module: 'intelmq.bots.experts.tor_nodes.expert',
  name: 'Tor Nodes',
  description: 'Sets source/destination.tor_node to true when *.ip is in a local list of Tor exit nodes.',
  parameters: Type.Object({
    database: Type.Union([Type.String(), Type.Null()], { default: null, description: 'Path of the node list (null: <var state>/tor_nodes/tor_nodes.dat).' }),
    overwrite: Type.Boolean({ default: false, description: 'Set tor_node to true even when it already has a value.' }),
    autoupdate_cached_database: Type.Boolean({ default: true, description: 'Whether --update-database refreshes this bot\'s file.' }),
  }),
  create(ctx) {
    const path = ctx.params.database ?? join(ctx.paths.varStatePath, 'tor_nodes', 'tor_nodes.dat');
    ctx.logger.info('Loading TOR exit node IPs.');
    let nodes: Set<string>;
    try {
      nodes = loadTorNodes(path);
    } catch (error) {
      throw new Error(`TOR rule not defined or failed on open: ${(error as Error).message}`);
    }
    const overwrite = ctx.params.overwrite;
    return {
      process(event, emit) {
        for (const base of ['source', 'destination']) {
          const ip = event.get(`${base}.ip`);
          if (ip === undefined || !nodes.has(String(ip))) continue;
          if (!event.has(`${base}.tor_node`)) event.add(`${base}.tor_node`, true);
          else if (overwrite) event.change(`${base}.tor_node`, true);
        }
        emit(event);
      },
    };
  },
});
