/**
 * `npm run bench [-- --quick] [--only message,brokers,experts,sieve,pipeline,control]
 *   [--brokers embedded,redis,amqp] [--scenarios taxonomy,four-bots,…] [--runs N] [--batch-size N]`:
 * every benchmark, medians of several runs where a run is short, and one
 * table per part. The machine is shared and noisy: compare figures measured
 * in the same run.
 */
import { parseArgs } from 'node:util';
import { benchMessage } from './message.ts';
import { benchBrokers } from './brokers.ts';
import { benchExperts } from './experts.ts';
import { benchSieve } from './sieve.ts';
import { benchPipeline, SCENARIO_NAMES, SCENARIO_TITLES, scenarioEvents, type PipelineBenchResult, type ScenarioName } from './pipeline.ts';
import { benchControl } from './control.ts';
import { median } from './stats.ts';

const { values } = parseArgs({ options: { quick: { type: 'boolean' }, only: { type: 'string' }, brokers: { type: 'string' }, scenarios: { type: 'string' }, runs: { type: 'string' }, 'batch-size': { type: 'string' } } });
const quick = values.quick ?? false;
const brokers = (values.brokers ?? 'embedded,redis,amqp').split(',');
const scenarios = (values.scenarios ?? SCENARIO_NAMES.join(',')).split(',') as ScenarioName[];
const only = new Set((values.only ?? 'message,brokers,experts,sieve,pipeline,control').split(','));
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

function table(title: string, rows: Array<Record<string, string | number>>): void {
  console.log(`\n## ${title}\n`);
  if (!rows.length) return;
  const cols = Object.keys(rows[0]!);
  console.log(`| ${cols.join(' | ')} |`);
  console.log(`|${cols.map(() => '---').join('|')}|`);
  for (const r of rows) console.log(`| ${cols.map((c) => String(r[c])).join(' | ')} |`);
}

if (only.has('message')) {
  table('Message model (events/s, median of 5)', benchMessage(5, quick ? 10_000 : 50_000).map((r) => ({ benchmark: r.name, 'events/s': fmt(r.perSecond) })));
}
if (only.has('brokers')) {
  const rows = await benchBrokers({ messages: quick ? 20_000 : 100_000, batchSizes: [100] });
  table('Brokers: receive → send → acknowledge relay, batch 100 (messages/s)', rows.map((r) => ({ broker: r.broker, 'fill/s': r.skipped ? r.skipped : fmt(r.fillPerSecond), 'relay/s': r.skipped ? '-' : fmt(r.relayPerSecond) })));
}
if (only.has('experts')) {
  table('Experts called directly (events/s)', (await benchExperts(quick ? 20_000 : 100_000)).map((r) => ({ expert: r.name, 'events/s': fmt(r.perSecond) })));
}
if (only.has('sieve')) {
  const r = await benchSieve(quick ? 50_000 : 200_000);
  table('Sieve expert, 50-rule file', [{ rules: r.rules, events: r.events, 'events/s': fmt(r.eventsPerSecond) }]);
}
if (only.has('pipeline')) {
  const rows: Array<Record<string, string | number>> = [];
  const EVENTS: Partial<Record<ScenarioName, number>> = { taxonomy: 100_000, deduplicator: 100_000, 'csv-parser': 100_000, 'csv-one-report': 200_000 };
  const size = (scenario: ScenarioName) => (EVENTS[scenario] ?? 50_000) / (quick ? 5 : 1);
  for (const broker of brokers) {
    for (const scenario of scenarios) {
      const n = scenarioEvents(scenario, size(scenario));
      const runs: PipelineBenchResult[] = [];
      try {
        for (let i = 0; i < Number(values.runs ?? (quick ? 1 : 3)); i++) runs.push(await benchPipeline(broker, scenario, n, values['batch-size'] ? { batch_size: Number(values['batch-size']) } : {}));
      } catch (e) {
        rows.push({ broker, scenario, events: n, 'events/s (median)': `failed: ${(e as Error).message.split('\n')[0]}`, 'peak RSS per bot, MiB (own)': '-' });
        continue;
      }
      const { peakRssMiB, peakOwnMiB } = runs.at(-1)!;
      rows.push({ broker, scenario, events: n, 'events/s (median)': fmt(median(runs.map((r) => r.perSecond))), runs: runs.map((r) => fmt(r.perSecond)).join(' / '), 'peak RSS per bot, MiB (own)': Object.entries(peakRssMiB).map(([k, v]) => `${k} ${v} (${peakOwnMiB[k]})`).join(', ') });
    }
  }
  table(`Bot processes, until every event arrived (${scenarios.map((s) => `${s}: ${SCENARIO_TITLES[s]}`).join('; ')})`, rows);
}
if (only.has('control')) {
  const r = await benchControl(quick ? 10 : 50);
  table(`intelmqctl: a ${r.bots}-bot botnet`, [{ bots: r.bots, 'start until all ready (s)': r.startSeconds.toFixed(2), 'stop until all gone (s)': r.stopSeconds.toFixed(2) }]);
}
process.exit(0);
