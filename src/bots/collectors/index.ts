import type { BotDeclaration } from '../../bot/declaration.ts';

/** Upstream module names of the collectors we implement. */
export const COLLECTORS: Readonly<Record<string, () => Promise<BotDeclaration>>> = {
  'intelmq.bots.collectors.file.collector_file': () => import('./file/bot.ts').then((m) => m.bot),
};
