import type { BotDeclaration } from '../../bot/declaration.ts';

/** Upstream module names of the parsers we implement. */
export const PARSERS: Readonly<Record<string, () => Promise<BotDeclaration>>> = {
};
