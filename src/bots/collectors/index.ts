import type { BotDeclaration } from '../../bot/declaration.ts';

/** Upstream module names of the collectors we implement. */
export const COLLECTORS: Readonly<Record<string, () => Promise<BotDeclaration>>> = {
  'intelmq.bots.collectors.file.collector_file': () => import('./file/bot.ts').then((m) => m.bot),
  'intelmq.bots.collectors.http.collector_http': () => import('./http/bot.ts').then((m) => m.bot),
  'intelmq.bots.collectors.api.collector_api': () => import('./api/bot.ts').then((m) => m.bot),
  'intelmq.bots.collectors.amqp.collector_amqp': () => import('./amqp/bot.ts').then((m) => m.bot),
  'intelmq.bots.collectors.tcp.collector': () => import('./tcp/bot.ts').then((m) => m.bot),
  'intelmq.bots.collectors.mail.collector_mail_attach': () => import('./mail_attach/bot.ts').then((m) => m.bot),
  'intelmq.bots.collectors.mail.collector_mail_url': () => import('./mail_url/bot.ts').then((m) => m.bot),
  'intelmq.bots.collectors.rsync.collector_rsync': () => import('./rsync/bot.ts').then((m) => m.bot),
};
