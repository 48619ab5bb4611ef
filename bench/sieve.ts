/**
 * Throughput of the sieve expert: events per second through a generated
 * 50-rule file, calling the bot instance directly (no queues, no
 * serialisation) so the figure measures the language runtime.
 * Run: node --import tsx bench/sieve.ts
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BotLogger, ExpertInstance } from '../src/bot/declaration.ts';
import { createContext } from '../src/bot/context.ts';
import { resolveParameters } from '../src/bot/params.ts';
import { bot } from '../src/bots/experts/sieve/bot.ts';
import { Event, packagedHarmonization } from '../src/message/index.ts';

export interface SieveBenchResult {
  rules: number;
  events: number;
  seconds: number;
  eventsPerSecond: number;
}

/** Ten rule shapes, five variants each: every operator family and every modifying action. */
function ruleFile(): string {
  const rules: string[] = [];
  for (let i = 0; i < 5; i++) {
    rules.push(
      `if feed.name == 'feed-${i}' && classification.type :in ['scanner', 'infected-system'] { add! extra.rule_${i}_a = ${i} }`,
      `if source.fqdn :contains '.example${i}.' || source.fqdn =~ '^host${i}\\.' { add extra.rule_${i}_b = 'fqdn' }`,
      `if source.ip << ['10.${i}.0.0/16', '192.0.${i}.0/24'] { update comment = 'range ${i}' }`,
      `if source.port >= ${1000 * i} && source.port < ${1000 * (i + 1)} { add extra.rule_${i}_d = true }`,
      `if :exists destination.ip && ! destination.ip << '203.0.113.0/24' { add extra.rule_${i}_e = 'dst' }`,
      `if source.asn :in [${64496 + i}, ${64500 + i}] { add! extra.rule_${i}_f = 1.5 } elif source.asn > ${65000 + i} { remove extra.tmp }`,
      `if extra.tags :overlaps ['t${i}', 'x${i}'] || extra.tags :subsetof ['a', 'b'] { add extra.rule_${i}_g = 'tags' }`,
      `if feed.accuracy < ${50 + i} { update feed.accuracy = ${50 + i} }`,
      `if classification.taxonomy != 'other' { if source.url !~ 'https' { add extra.rule_${i}_i = 'plain' } else { add extra.rule_${i}_i = 'tls' } }`,
      `if malware.name :regexin ['^zeus${i}', 'mirai${i}$'] && :notexists extra.rule_${i}_j { add extra.rule_${i}_j = 'malware' }`,
    );
  }
  return `# generated benchmark rules\n${rules.join('\n')}\n`;
}

function sampleEvents(count: number): Event[] {
  const h = packagedHarmonization();
  return Array.from({ length: count }, (_, i) => new Event(h, {
    'feed.name': `feed-${i % 7}`,
    'feed.accuracy': 40 + (i % 20),
    'classification.type': i % 2 ? 'scanner' : 'infected-system',
    'classification.taxonomy': i % 3 ? 'information-gathering' : 'malicious-code',
    'source.ip': `10.${i % 6}.${i % 250}.${(i * 7) % 250 + 1}`,
    'source.port': (i * 37) % 6000,
    'source.asn': 64490 + (i % 20),
    'source.fqdn': `host${i % 9}.example${i % 5}.com`,
    'source.url': i % 2 ? `https://host${i % 9}.example.com/p` : `http://host${i % 9}.example.com/p`,
    'destination.ip': `203.0.${i % 2 ? 113 : 114}.${(i % 250) + 1}`,
    'malware.name': i % 4 ? `zeus${i % 5}` : `mirai${i % 5}`,
    'extra.tags': [`t${i % 5}`, 'a'],
    'extra.tmp': 'x',
    comment: 'original',
  }));
}

const quiet: BotLogger = { debug() {}, info() {}, warning() {}, error() {}, critical() {} };

/** Runs `events` events (cycling over 1000 samples, each a fresh copy) through the sieve expert. */
export async function benchSieve(events = 200_000): Promise<SieveBenchResult> {
  const file = join(mkdtempSync(join(tmpdir(), 'sieve-bench-')), 'bench.sieve');
  writeFileSync(file, ruleFile());
  const harmonization = packagedHarmonization();
  const params = resolveParameters(bot.parameters, { file }, 'sieve-bench');
  const ctx = createContext({ botId: 'sieve-bench', params, logger: quiet, harmonization, paths: { configDir: '.', varStatePath: '.', loggingPath: null } });
  const instance = (await bot.create(ctx as never)) as ExpertInstance;
  const samples = sampleEvents(1000);
  let sent = 0;
  const emit = () => {
    sent++;
  };
  for (let i = 0; i < 2000; i++) await instance.process(samples[i % samples.length]!.copy(), emit);
  const start = process.hrtime.bigint();
  for (let i = 0; i < events; i++) await instance.process(samples[i % samples.length]!.copy(), emit);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (sent === 0) throw new Error('the benchmark rules dropped every event');
  return { rules: 50, events, seconds, eventsPerSecond: Math.round(events / seconds) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = await benchSieve();
  console.log(`sieve expert: ${r.eventsPerSecond} events/s (${r.events} events, ${r.rules} rules, ${r.seconds.toFixed(2)} s)`);
}
