import type { BotDeclaration } from '../../bot/declaration.ts';

/** Upstream module names of the parsers we implement. */
export const PARSERS: Readonly<Record<string, () => Promise<BotDeclaration>>> = {
  'intelmq.bots.parsers.generic.parser_csv': () => import('./generic_csv/bot.ts').then((m) => m.bot),
  'intelmq.bots.parsers.html_table.parser': () => import('./html_table/bot.ts').then((m) => m.bot),
  'intelmq.bots.parsers.json.parser': () => import('./json/bot.ts').then((m) => m.bot),
  'intelmq.bots.parsers.key_value.parser': () => import('./key_value/bot.ts').then((m) => m.bot),
};
