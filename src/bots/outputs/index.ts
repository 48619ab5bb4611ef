import type { BotDeclaration } from '../../bot/declaration.ts';

/** Upstream module names of the outputs we implement. */
export const OUTPUTS: Readonly<Record<string, () => Promise<BotDeclaration>>> = {
};
