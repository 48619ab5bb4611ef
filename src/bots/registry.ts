/**
 * Upstream module name → our implementation. Bots load lazily so a bot
 * process only pays for its own code.
 */
import type { BotDeclaration } from '../bot/declaration.ts';
import { COLLECTORS } from './collectors/index.ts';
import { PARSERS } from './parsers/index.ts';
import { EXPERTS } from './experts/index.ts';
import { OUTPUTS } from './outputs/index.ts';

export type BotLoader = () => Promise<BotDeclaration>;

const ALL: Readonly<Record<string, BotLoader>> = Object.freeze({ ...COLLECTORS, ...PARSERS, ...EXPERTS, ...OUTPUTS });

export function findBot(module: string): BotLoader | undefined {
  return Object.hasOwn(ALL, module) ? ALL[module] : undefined;
}

export function listBotModules(): string[] {
  return Object.keys(ALL).sort();
}

export async function loadBot(module: string): Promise<BotDeclaration> {
  const loader = findBot(module);
  if (!loader) throw new Error(`Bot module '${module}' is not implemented.`);
  return loader();
}
