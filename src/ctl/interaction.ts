/**
 * Questions to the operator. Asked only on a terminal; `--yes` answers them
 * with yes; anywhere else the caller gets a refusal to print, never a hang
 * on a closed or piped stdin.
 */
import { createInterface } from 'node:readline/promises';
import type { CtlContext } from './context.ts';
import { CtlError } from './errors.ts';

async function ask(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = await rl.question(`${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

/** A question that must be answered before an action goes on; without a terminal and --yes it refuses. */
export async function confirm(ctx: CtlContext, question: string, refusal: string): Promise<boolean> {
  if (ctx.flags.yes) return true;
  if (!ctx.interactive) throw new CtlError(`${refusal} Re-run with --yes to confirm non-interactively.`);
  return ask(question);
}

/** An optional offer (upstream's "Do you want to display ...?"): only asked on a terminal, else declined. */
export async function offer(ctx: CtlContext, question: string): Promise<boolean> {
  return ctx.interactive ? ask(question) : false;
}
