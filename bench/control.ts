/** intelmqctl start/stop of an N-bot botnet under the PID manager: time until every bot reported ready, and until all are gone. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createBotnet, REPO } from '../test/runtime/botnet.ts';

export async function benchControl(bots: number): Promise<{ bots: number; startSeconds: number; stopSeconds: number }> {
  const net = createBotnet((root) => {
    const rt: Record<string, unknown> = { global: { source_pipeline_broker: 'embedded', destination_pipeline_broker: 'embedded', embedded_pipeline_path: join(root, 'var/lib/pipeline.sqlite3'), statistics_port: 1 } };
    for (let i = 0; i < bots; i++) {
      rt[`bench-expert-${i}`] = { module: 'intelmq.bots.experts.taxonomy.expert', name: `expert ${i}`, group: 'Expert', description: 'bench', enabled: true, parameters: { destination_queues: { _default: [`bench-expert-${(i + 1) % bots}-queue`] } } };
    }
    return rt;
  });
  const ctl = (...args: string[]) => {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [join(REPO, 'bin/intelmqctl.js'), ...args], { env: net.env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`intelmqctl ${args.join(' ')} exited ${r.status}: ${r.stdout}${r.stderr}`);
    return (performance.now() - t0) / 1000;
  };
  try {
    const startSeconds = ctl('start');
    const stopSeconds = ctl('stop');
    return { bots, startSeconds, stopSeconds };
  } finally {
    spawnSync(process.execPath, [join(REPO, 'bin/intelmqctl.js'), 'stop'], { env: net.env });
    net.cleanup();
  }
}
