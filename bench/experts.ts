/**
 * Events/second through three experts, calling their instances directly (no
 * queues, no wire format): taxonomy (pure CPU), deduplicator (one Redis
 * EXISTS + SET per new event, real Redis db 14) and url2fqdn (URL parsing).
 */
import { randomUUID } from 'node:crypto';
import type { BotDeclaration, ExpertInstance } from '../src/bot/declaration.ts';
import { createContext } from '../src/bot/context.ts';
import { resolveParameters } from '../src/bot/params.ts';
import { MemoryLogger } from '../src/conformance/harness.ts';
import { Event, packagedHarmonization } from '../src/message/index.ts';
import { bot as taxonomy } from '../src/bots/experts/taxonomy/bot.ts';
import { bot as deduplicator } from '../src/bots/experts/deduplicator/bot.ts';
import { bot as url2fqdn } from '../src/bots/experts/url2fqdn/bot.ts';

const TYPES = ['scanner', 'phishing', 'c2-server', 'infected-system', 'spam', 'ddos', 'brute-force', 'undetermined'];

function makeEvents(n: number, marker: string): Event[] {
  const harmonization = packagedHarmonization();
  const events: Event[] = [];
  for (let i = 0; i < n; i++) {
    const e = new Event(harmonization);
    e.add('feed.name', 'Bench Feed');
    e.add('time.observation', '2024-05-01T10:00:00+00:00');
    e.add('classification.type', TYPES[i % TYPES.length]);
    e.add('source.ip', `10.${(i >> 16) & 255}.${(i >> 8) & 127}.${i & 255}`);
    // The second half repeats the URLs of the first, so the deduplicator (on source.url) drops half.
    const j = i % Math.ceil(n / 2);
    e.add('source.url', `http://host-${j}.example.com/path/${j % 97}?q=${marker}`);
    e.add('destination.url', `https://192.0.2.${i % 250}:8443/x`);
    events.push(e);
  }
  return events;
}

async function instance(declaration: BotDeclaration, params: Record<string, unknown>) {
  const resolved = resolveParameters(declaration.parameters, params, 'bench');
  const ctx = createContext({ botId: 'bench', params: resolved, logger: new MemoryLogger(), harmonization: packagedHarmonization(), paths: { configDir: '.', varStatePath: '.', loggingPath: null } });
  return { expert: (await declaration.create(ctx as never)) as ExpertInstance, ctx };
}

async function measure(declaration: BotDeclaration, params: Record<string, unknown>, events: Event[]): Promise<{ perSecond: number; emitted: number }> {
  const { expert, ctx } = await instance(declaration, params);
  let emitted = 0;
  const emit = () => {
    emitted++;
  };
  try {
    const start = performance.now();
    for (const event of events) await expert.process(event, emit);
    return { perSecond: events.length / ((performance.now() - start) / 1000), emitted };
  } finally {
    await expert.shutdown?.();
    await ctx.closeCache();
  }
}

export async function benchExperts(n = 100_000): Promise<Array<{ name: string; perSecond: number; emitted: number }>> {
  const marker = randomUUID();
  const results: Array<{ name: string; perSecond: number; emitted: number }> = [];
  // Each bot gets fresh copies: experts change the events they process.
  const copies = () => makeEvents(n, marker);
  results.push({ name: 'taxonomy', ...(await measure(taxonomy, {}, copies())) });
  results.push({
    name: 'deduplicator (Redis db 14)',
    ...(await measure(deduplicator, { redis_cache_host: '127.0.0.1', redis_cache_port: 6379, redis_cache_db: 14, redis_cache_ttl: 60, filter_type: 'whitelist', filter_keys: 'source.url' }, copies())),
  });
  results.push({ name: 'url2fqdn', ...(await measure(url2fqdn, {}, copies())) });
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await benchExperts()) console.log(`${r.name.padEnd(28)} ${Math.round(r.perSecond).toLocaleString('en')} events/s (${r.emitted} emitted)`);
}
