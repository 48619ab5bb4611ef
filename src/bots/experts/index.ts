import type { BotDeclaration } from '../../bot/declaration.ts';

/** Upstream module names of the experts we implement. */
export const EXPERTS: Readonly<Record<string, () => Promise<BotDeclaration>>> = {
  'intelmq.bots.experts.taxonomy.expert': () => import('./taxonomy/bot.ts').then((m) => m.bot),
};
