import type { BotDeclaration } from '../../bot/declaration.ts';

/** Upstream module names of the experts we implement. */
export const EXPERTS: Readonly<Record<string, () => Promise<BotDeclaration>>> = {
  'intelmq.bots.experts.sieve.expert': () => import('./sieve/bot.ts').then((m) => m.bot),
  'intelmq.bots.experts.filter.expert': () => import('./filter/bot.ts').then((m) => m.bot),
  'intelmq.bots.experts.modify.expert': () => import('./modify/bot.ts').then((m) => m.bot),
  'intelmq.bots.experts.taxonomy.expert': () => import('./taxonomy/bot.ts').then((m) => m.bot),
  'intelmq.bots.experts.aggregate.expert': () => import('./aggregate/bot.ts').then((m) => m.bot),
  'intelmq.bots.experts.asn_lookup.expert': () => import('./asn_lookup/bot.ts').then((m) => m.bot),
  'intelmq.bots.experts.csv_converter.expert': () => import('./csv_converter/bot.ts').then((m) => m.bot),
  'intelmq.bots.experts.deduplicator.expert': () => import('./deduplicator/bot.ts').then((m) => m.bot),
  'intelmq.bots.experts.domain_suffix.expert': () => import('./domain_suffix/bot.ts').then((m) => m.bot),
  'intelmq.bots.experts.domain_valid.expert': () => import('./domain_valid/bot.ts').then((m) => m.bot),
  'intelmq.bots.experts.field_reducer.expert': () => import('./field_reducer/bot.ts').then((m) => m.bot),
  'intelmq.bots.experts.format_field.expert': () => import('./format_field/bot.ts').then((m) => m.bot),
  'intelmq.bots.experts.geohash.expert': () => import('./geohash/bot.ts').then((m) => m.bot),
  'intelmq.bots.experts.idea.expert': () => import('./idea/bot.ts').then((m) => m.bot),
  'intelmq.bots.experts.jinja.expert': () => import('./jinja/bot.ts').then((m) => m.bot),
  'intelmq.bots.experts.maxmind_geoip.expert': () => import('./maxmind_geoip/bot.ts').then((m) => m.bot),
  'intelmq.bots.experts.remove_affix.expert': () => import('./remove_affix/bot.ts').then((m) => m.bot),
  'intelmq.bots.experts.rfc1918.expert': () => import('./rfc1918/bot.ts').then((m) => m.bot),
  'intelmq.bots.experts.threshold.expert': () => import('./threshold/bot.ts').then((m) => m.bot),
  'intelmq.bots.experts.tor_nodes.expert': () => import('./tor_nodes/bot.ts').then((m) => m.bot),
  'intelmq.bots.experts.truncate_by_delimiter.expert': () => import('./truncate_by_delimiter/bot.ts').then((m) => m.bot),
  'intelmq.bots.experts.url.expert': () => import('./url/bot.ts').then((m) => m.bot),
  'intelmq.bots.experts.url2fqdn.expert': () => import('./url2fqdn/bot.ts').then((m) => m.bot),
  'intelmq.bots.experts.wait.expert': () => import('./wait/bot.ts').then((m) => m.bot),
};
