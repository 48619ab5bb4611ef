import type { BotDeclaration } from '../../bot/declaration.ts';

/** Upstream module names of the outputs we implement. */
export const OUTPUTS: Readonly<Record<string, () => Promise<BotDeclaration>>> = {
  'intelmq.bots.outputs.file.output': () => import('./file/bot.ts').then((m) => m.bot),
};
