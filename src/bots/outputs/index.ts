import type { BotDeclaration } from '../../bot/declaration.ts';

/** Upstream module names of the outputs we implement. */
export const OUTPUTS: Readonly<Record<string, () => Promise<BotDeclaration>>> = {
  'intelmq.bots.outputs.file.output': () => import('./file/bot.ts').then((m) => m.bot),
  'intelmq.bots.outputs.files.output': () => import('./files/bot.ts').then((m) => m.bot),
  'intelmq.bots.outputs.redis.output': () => import('./redis/bot.ts').then((m) => m.bot),
  'intelmq.bots.outputs.amqptopic.output': () => import('./amqptopic/bot.ts').then((m) => m.bot),
  'intelmq.bots.outputs.sql.output': () => import('./sql/bot.ts').then((m) => m.bot),
  'intelmq.bots.outputs.restapi.output': () => import('./restapi/bot.ts').then((m) => m.bot),
  'intelmq.bots.outputs.tcp.output': () => import('./tcp/bot.ts').then((m) => m.bot),
  'intelmq.bots.outputs.udp.output': () => import('./udp/bot.ts').then((m) => m.bot),
  'intelmq.bots.outputs.smtp.output': () => import('./smtp/bot.ts').then((m) => m.bot),
  'intelmq.bots.outputs.blackhole.output': () => import('./blackhole/bot.ts').then((m) => m.bot),
};
